/*!
 * Colours of the confirmation prompt, by risk and by environment (Ink colour names). With
 * NO_COLOR (src/ui/color.ts) every colour is dropped; bold, underline and inverse stay, so the
 * risky part and the environment still stand out.
 */
import type { Environment, Risk } from '../../core/verdict.js';
import { colorEnabled } from '../color.js';

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

/** `color`, or undefined (the terminal's default) when colour is off. */
export function tint(color: string): string | undefined {
  return colorEnabled() ? color : undefined;
}
