import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-property-names-added', keyword: 'propertyNames', direction: 'response', change: 'added' });
