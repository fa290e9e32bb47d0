import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-dependent-schemas-added', keyword: 'dependentSchemas', direction: 'request', change: 'added' });
