import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-conditional-removed', keyword: 'conditional', direction: 'response', change: 'removed' });
