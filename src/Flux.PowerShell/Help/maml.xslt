<?xml version="1.0" encoding="utf-8"?>
<!--
  Turns the readable help source (Flux.help.xml) into the MAML that Get-Help reads for binary
  cmdlets (en-US/Flux.PowerShell.dll-Help.xml). Run by the BuildMamlHelp target of the project.

  Source: <help><cmdlet name="Verb-Noun"> with <synopsis>, <description> (<p>s), <sets> (<set name>s
  in syntax order), <parameter name type sets required position pipeline default aliases> (text:
  its description), <inputs>/<outputs> (<type name> with text), <notes> (<p>s),
  <example title> (<code>, <remarks> of <p>s) and <link>s.
  sets and required list parameter-set names separated by spaces, or "*" for all.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns="http://msh"
    xmlns:maml="http://schemas.microsoft.com/maml/2004/10"
    xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10"
    xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">
  <xsl:output method="xml" indent="yes" encoding="utf-8" />
  <xsl:strip-space elements="*" />

  <xsl:template match="/help">
    <helpItems schema="maml">
      <xsl:apply-templates select="cmdlet" />
    </helpItems>
  </xsl:template>

  <xsl:template match="cmdlet">
    <xsl:variable name="cmdlet" select="." />
    <command:command>
      <command:details>
        <command:name><xsl:value-of select="@name" /></command:name>
        <command:verb><xsl:value-of select="substring-before(@name, '-')" /></command:verb>
        <command:noun><xsl:value-of select="substring-after(@name, '-')" /></command:noun>
        <maml:description><maml:para><xsl:value-of select="normalize-space(synopsis)" /></maml:para></maml:description>
      </command:details>
      <maml:description><xsl:apply-templates select="description/p" /></maml:description>
      <command:syntax>
        <xsl:for-each select="sets/set">
          <xsl:variable name="set" select="@name" />
          <command:syntaxItem>
            <maml:name><xsl:value-of select="$cmdlet/@name" /></maml:name>
            <xsl:for-each select="$cmdlet/parameter[@sets = '*' or contains(concat(' ', @sets, ' '), concat(' ', $set, ' '))]">
              <xsl:call-template name="parameter">
                <xsl:with-param name="required" select="@required = '*' or contains(concat(' ', @required, ' '), concat(' ', $set, ' '))" />
              </xsl:call-template>
            </xsl:for-each>
          </command:syntaxItem>
        </xsl:for-each>
      </command:syntax>
      <command:parameters>
        <xsl:for-each select="parameter">
          <xsl:call-template name="parameter">
            <xsl:with-param name="required" select="@required = '*'" />
          </xsl:call-template>
        </xsl:for-each>
      </command:parameters>
      <command:inputTypes>
        <xsl:for-each select="inputs/type">
          <command:inputType>
            <dev:type><maml:name><xsl:value-of select="@name" /></maml:name></dev:type>
            <maml:description><maml:para><xsl:value-of select="normalize-space(.)" /></maml:para></maml:description>
          </command:inputType>
        </xsl:for-each>
      </command:inputTypes>
      <command:returnValues>
        <xsl:for-each select="outputs/type">
          <command:returnValue>
            <dev:type><maml:name><xsl:value-of select="@name" /></maml:name></dev:type>
            <maml:description><maml:para><xsl:value-of select="normalize-space(.)" /></maml:para></maml:description>
          </command:returnValue>
        </xsl:for-each>
      </command:returnValues>
      <maml:alertSet>
        <maml:alert><xsl:apply-templates select="notes/p" /></maml:alert>
      </maml:alertSet>
      <command:examples>
        <xsl:for-each select="example">
          <command:example>
            <maml:title>-------------------------- Example <xsl:value-of select="position()" />: <xsl:value-of select="@title" /> --------------------------</maml:title>
            <dev:code><xsl:value-of select="code" /></dev:code>
            <dev:remarks><xsl:apply-templates select="remarks/p" /></dev:remarks>
          </command:example>
        </xsl:for-each>
      </command:examples>
      <command:relatedLinks>
        <xsl:for-each select="link">
          <maml:navigationLink><maml:linkText><xsl:value-of select="." /></maml:linkText><maml:uri /></maml:navigationLink>
        </xsl:for-each>
      </command:relatedLinks>
    </command:command>
  </xsl:template>

  <xsl:template name="parameter">
    <xsl:param name="required" />
    <xsl:variable name="switch" select="@type = 'System.Management.Automation.SwitchParameter'" />
    <command:parameter required="{$required}" variableLength="{contains(@type, '[]')}" globbing="false"
        pipelineInput="{concat(@pipeline, substring('False', 1, 5 * not(@pipeline)))}"
        position="{concat(@position, substring('named', 1, 5 * not(@position)))}"
        aliases="{concat(@aliases, substring('none', 1, 4 * not(@aliases)))}">
      <maml:name><xsl:value-of select="@name" /></maml:name>
      <maml:description><maml:para><xsl:value-of select="normalize-space(.)" /></maml:para></maml:description>
      <xsl:if test="not($switch)">
        <command:parameterValue required="true" variableLength="{contains(@type, '[]')}"><xsl:value-of select="@type" /></command:parameterValue>
      </xsl:if>
      <dev:type><maml:name><xsl:value-of select="@type" /></maml:name><maml:uri /></dev:type>
      <dev:defaultValue><xsl:value-of select="concat(@default, substring('None', 1, 4 * not(@default)))" /></dev:defaultValue>
    </command:parameter>
  </xsl:template>

  <xsl:template match="p">
    <maml:para><xsl:value-of select="normalize-space(.)" /></maml:para>
  </xsl:template>
</xsl:stylesheet>
