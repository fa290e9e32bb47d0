import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-dependent-schemas-removed', keyword: 'dependentSchemas', direction: 'request', change: 'removed' });
