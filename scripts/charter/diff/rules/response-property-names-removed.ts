import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-property-names-removed', keyword: 'propertyNames', direction: 'response', change: 'removed' });
