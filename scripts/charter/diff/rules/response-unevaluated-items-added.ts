import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-unevaluated-items-added', keyword: 'unevaluatedItems', direction: 'response', change: 'added' });
