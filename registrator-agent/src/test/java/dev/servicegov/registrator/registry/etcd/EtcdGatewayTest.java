package dev.servicegov.registrator.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EtcdGatewayTest {

    @Test
    void aPrefixRangeEndsAfterTheLastKeyWithThatPrefix() {
        assertThat(EtcdGateway.prefixEnd("services/")).isEqualTo("services0");
        assertThat(EtcdGateway.prefixEnd("a")).isEqualTo("b");
    }

    @Test
    void keysAndValuesTravelAsBase64() {
        assertThat(EtcdGateway.encode("services/web/n:c:80")).isEqualTo("c2VydmljZXMvd2ViL246Yzo4MA==");
        assertThat(EtcdGateway.decode("c2VydmljZXMvd2ViL246Yzo4MA==")).isEqualTo("services/web/n:c:80");
        assertThat(EtcdGateway.decode(null)).isEmpty();
    }
}
