import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-unevaluated-items-removed', keyword: 'unevaluatedItems', direction: 'response', change: 'removed' });
