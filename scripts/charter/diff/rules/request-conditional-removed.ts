import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-conditional-removed', keyword: 'conditional', direction: 'request', change: 'removed' });
