// The simulator server lands with the postal-delivery work.
export {};
