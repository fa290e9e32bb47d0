import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-dependent-required-added', keyword: 'dependentRequired', direction: 'request', change: 'added' });
