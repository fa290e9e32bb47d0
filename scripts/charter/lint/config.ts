/**
 * The `lint:` section of charter.config.yaml (found and parsed by config/project.ts):
 *
 *   lint:
 *     allowRemoteRefs: false        # accept $refs to URLs (never fetched)
 *     rules:
 *       property-naming: error      # off | warn | error
 *
 * Anything else in the file belongs to other commands and is ignored here. A mistake in the
 * `lint:` section (an unknown rule id, a bad level) is a located ContractError: exit 2.
 */
import { ContractError } from '../loader/errors.ts';
import type { ProjectConfig } from '../config/project.ts';
import { closest } from './ajv.ts';
import { RULES_BY_ID } from './rules/index.ts';
import type { LintOptions, RuleLevel } from './types.ts';

const LEVELS: RuleLevel[] = ['off', 'warn', 'error'];

export interface LintConfig extends LintOptions {
  /** Rule id → level, for the rules the project configures. */
  rules: Record<string, RuleLevel>;
  /** The config file read, if any. */
  file?: string;
}

export const DEFAULT_CONFIG: LintConfig = { rules: {}, allowRemoteRefs: false };

/** The lint settings of a project (its charter.config.yaml `lint:` section, else the defaults). */
export function lintConfigOf(project: ProjectConfig): LintConfig {
  const shown = project.file ? project.display(project.file) : undefined;
  const lint = project.section('lint');
  const at = (pointer: string) => project.locate(pointer);
  if (lint === undefined || lint === null) return { ...DEFAULT_CONFIG, rules: {}, file: shown };
  if (typeof lint !== 'object' || Array.isArray(lint)) throw new ContractError('`lint` must be a mapping (rules, allowRemoteRefs)', at('/lint'));
  const out: LintConfig = { rules: {}, allowRemoteRefs: false, file: shown };
  for (const [key, value] of Object.entries(lint as Record<string, unknown>)) {
    if (key === 'allowRemoteRefs') {
      if (typeof value !== 'boolean') throw new ContractError('`lint.allowRemoteRefs` must be true or false', at('/lint/allowRemoteRefs'));
      out.allowRemoteRefs = value;
    } else if (key === 'rules') {
      if (value === null) continue;
      if (typeof value !== 'object' || Array.isArray(value)) throw new ContractError('`lint.rules` must map rule ids to off, warn or error', at('/lint/rules'));
      for (const [id, level] of Object.entries(value as Record<string, unknown>)) {
        if (!RULES_BY_ID.has(id)) {
          const near = closest(id, RULES_BY_ID.keys());
          throw new ContractError(`unknown lint rule "${id}"`, at(`/lint/rules/${id}`), near ? `Did you mean ${near}?` : 'See docs/lint-rules.md for the rule ids.');
        }
        if (typeof level !== 'string' || !LEVELS.includes(level as RuleLevel)) {
          throw new ContractError(`the level of ${id} must be off, warn or error`, at(`/lint/rules/${id}`));
        }
        out.rules[id] = level as RuleLevel;
      }
    } else {
      const near = closest(key, ['rules', 'allowRemoteRefs']);
      throw new ContractError(`unknown setting lint.${key}`, at(`/lint/${key}`), near ? `Did you mean ${near}?` : 'The lint section takes rules and allowRemoteRefs.');
    }
  }
  return out;
}
