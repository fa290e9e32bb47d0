import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-unevaluated-items-added', keyword: 'unevaluatedItems', direction: 'request', change: 'added' });
