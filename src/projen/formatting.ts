import { javascript } from 'projen';

/**
 * How this package and every project it generates are formatted and linted: Biome with
 * its recommended rules, spaces, lines of at most 100 characters and single quotes. JSON
 * objects and arrays are always expanded, one entry per line, as projen and agents.json's
 * writers print them, so the formatter never reflows a file those tools own.
 */
export const BIOME_CONFIG: javascript.biome_config.BiomeConfiguration = {
  formatter: { indentStyle: javascript.biome_config.IndentStyle.SPACE, lineWidth: 100 },
  javascript: { formatter: { quoteStyle: javascript.biome_config.QuoteStyle.SINGLE } },
  json: { formatter: { expand: javascript.biome_config.Expand.ALWAYS } },
};
