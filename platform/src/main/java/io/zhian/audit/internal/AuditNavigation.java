package io.zhian.audit.internal;

import io.zhian.shared.NavigationEntry;
import io.zhian.shared.Role;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditNavigation {

    @Bean
    NavigationEntry auditNavigationEntry() {
        return new NavigationEntry("nav.audit", "/audit", 900, Set.of(Role.AUDIT_ADMIN));
    }
}
