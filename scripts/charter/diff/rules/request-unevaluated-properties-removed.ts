import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-unevaluated-properties-removed', keyword: 'unevaluatedProperties', direction: 'request', change: 'removed' });
