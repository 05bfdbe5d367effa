import { CliError } from '../cliError';

/** An optional whole-number flag: undefined when absent, an error line when malformed or below `min`. */
export function wholeNumber(text: string | undefined, flag: string, command: string, min = 0): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new CliError(`ifim ${command}: --${flag} must be a whole number ≥ ${min}, not "${text}"`);
  return Number(text);
}
