import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-property-names-removed', keyword: 'propertyNames', direction: 'request', change: 'removed' });
