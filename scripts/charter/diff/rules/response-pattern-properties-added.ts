import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-pattern-properties-added', keyword: 'patternProperties', direction: 'response', change: 'added' });
