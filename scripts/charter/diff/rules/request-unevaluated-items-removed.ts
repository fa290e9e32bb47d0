import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-unevaluated-items-removed', keyword: 'unevaluatedItems', direction: 'request', change: 'removed' });
