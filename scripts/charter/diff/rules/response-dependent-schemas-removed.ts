import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-dependent-schemas-removed', keyword: 'dependentSchemas', direction: 'response', change: 'removed' });
