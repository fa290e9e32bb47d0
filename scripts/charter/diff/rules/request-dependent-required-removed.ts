import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-dependent-required-removed', keyword: 'dependentRequired', direction: 'request', change: 'removed' });
