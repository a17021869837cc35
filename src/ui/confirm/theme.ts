/*!
 * Colours of the confirmation prompt, by risk and by environment (Ink colour names).
 */
import type { Environment, Risk } from '../../classifier/verdict.js';

export const RISK_COLOR: Record<Risk, string> = {
  none: 'gray',
  low: 'green',
  medium: 'yellow',
  high: 'red',
  critical: 'redBright',
};

/** Badge colours (background, text) per environment. */
export const ENV_BADGE: Record<Environment, { bg: string; fg: string }> = {
  production: { bg: 'red', fg: 'whiteBright' },
  staging: { bg: 'yellow', fg: 'black' },
  development: { bg: 'green', fg: 'black' },
};
