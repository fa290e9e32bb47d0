import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-unevaluated-properties-added', keyword: 'unevaluatedProperties', direction: 'response', change: 'added' });
