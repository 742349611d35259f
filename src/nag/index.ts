export * from './packs/activemq-mesh-checks';
