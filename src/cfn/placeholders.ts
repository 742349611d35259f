import { randomBytes } from 'crypto';
import { concat, Symbolic, Text, textParts } from './values';

/**
 * Renders texts with deploy-time parts as plain strings for parsers (XML, URIs) and maps the result back. Each
 * deploy-time part becomes a placeholder made of letters and digits only (so it survives XML and URI syntax and
 * never contains `, ( ) ? : / @ { }`), carrying a random nonce: a template cannot forge one in a literal.
 * One instance per run.
 */
export class Placeholders {
  private readonly nonce = randomBytes(8).toString('hex');
  private readonly pattern = new RegExp(`CFNVAL${this.nonce}N(\\d+)E`, 'g');
  private readonly symbols: Symbolic[] = [];
  private readonly index = new Map<string, number>();

  /** The text as a string, deploy-time parts replaced by placeholders. */
  public render(t: Text): string {
    return textParts(t).map((p) => (typeof p === 'string' ? p : this.placeholder(p))).join('');
  }

  /** The deploy-time parts in a rendered string, in order. */
  public symbolsIn(s: string): Symbolic[] {
    return [...s.matchAll(this.pattern)].map((m) => this.symbols[Number(m[1])]);
  }

  /** The text a rendered string stands for (placeholders back to deploy-time parts). */
  public restore(s: string): Text {
    const parts: Text[] = [];
    let last = 0;
    for (const m of s.matchAll(this.pattern)) {
      parts.push(s.slice(last, m.index), this.symbols[Number(m[1])]);
      last = m.index! + m[0].length;
    }
    parts.push(s.slice(last));
    return concat(parts);
  }

  private placeholder(s: Symbolic): string {
    let n = this.index.get(s.key);
    if (n === undefined) {
      n = this.symbols.length;
      this.symbols.push(s);
      this.index.set(s.key, n);
    }
    return `CFNVAL${this.nonce}N${n}E`;
  }
}
