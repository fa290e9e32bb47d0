import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-dependent-required-removed', keyword: 'dependentRequired', direction: 'response', change: 'removed' });
