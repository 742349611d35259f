export * from './configuration-apply';
export * from './rolling-reboot';
export * from './reboot-timeout';
export * from './mesh-lifecycle';
export * from './mesh-users';
