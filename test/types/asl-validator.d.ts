// asl-validator 4 ships JavaScript without type declarations; the tests use its default export only.
declare module 'asl-validator' {
  const validator: (definition: unknown) => { isValid: boolean; errors: Array<Record<string, unknown>> };
  export default validator;
}
