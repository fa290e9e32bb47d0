import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-dependent-schemas-added', keyword: 'dependentSchemas', direction: 'response', change: 'added' });
