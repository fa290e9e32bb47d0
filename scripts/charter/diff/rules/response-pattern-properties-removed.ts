import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-pattern-properties-removed', keyword: 'patternProperties', direction: 'response', change: 'removed' });
