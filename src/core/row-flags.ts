/** For src/ui, which imports it from here until it imports src/abi itself. */
export { RowFlag } from '../abi/core-constants';
