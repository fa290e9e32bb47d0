import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-pattern-properties-added', keyword: 'patternProperties', direction: 'request', change: 'added' });
