import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-contains-added', keyword: 'contains', direction: 'request', change: 'added' });
