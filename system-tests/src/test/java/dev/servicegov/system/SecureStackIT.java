package dev.servicegov.system;

import dev.servicegov.testsupport.ConsulHttp;

/**
 * The secure overlay alone ({@code -f docker-compose.yml -f docker-compose.secure.yml}): ACLs deny by default and gossip
 * is encrypted; Consul's HTTP API stays plain HTTP. The checks are in {@link SecureStackChecks}.
 */
class SecureStackIT extends SecureStackChecks {

    @Override
    ComposeStack startStack() throws Exception {
        return ComposeStack.up("sgsecure", files("docker-compose.secure.yml"), INSTANCES);
    }

    @Override
    ConsulHttp anonymousClient() {
        return stack.consul();
    }
}
