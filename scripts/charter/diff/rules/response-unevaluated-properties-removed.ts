import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-unevaluated-properties-removed', keyword: 'unevaluatedProperties', direction: 'response', change: 'removed' });
