import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-dependent-required-added', keyword: 'dependentRequired', direction: 'response', change: 'added' });
