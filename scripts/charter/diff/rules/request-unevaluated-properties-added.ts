import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-unevaluated-properties-added', keyword: 'unevaluatedProperties', direction: 'request', change: 'added' });
