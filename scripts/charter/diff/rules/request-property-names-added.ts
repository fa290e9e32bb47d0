import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-property-names-added', keyword: 'propertyNames', direction: 'request', change: 'added' });
