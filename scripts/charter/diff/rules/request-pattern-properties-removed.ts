import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-pattern-properties-removed', keyword: 'patternProperties', direction: 'request', change: 'removed' });
