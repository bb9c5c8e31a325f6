package io.zhian.identity.internal;

import io.zhian.audit.AuditTrail;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/** Web security: form sign-in for people, bearer tokens for machines, CSRF for every browser form. */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder(); // bcrypt by default
    }

    @Bean
    SecurityFilterChain web(HttpSecurity http, SignInFlow flow, ApiTokens tokens, UserStore users, AuditTrail audit)
            throws Exception {
        var api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/login/**", "/webjars/**", "/css/**", "/js/**", "/favicon.ico", "/error",
                                "/lang", "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
                                // citizen intake (Open311 GeoReport v2) is public by design
                                "/open311/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").loginProcessingUrl("/login")
                        .successHandler(flow).failureHandler(flow).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .csrf(c -> c.requireCsrfProtectionMatcher(request ->
                        CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request) && !ApiTokenFilter.isBearer(request)
                                && !request.getRequestURI().startsWith(request.getContextPath() + "/open311/")))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor((request, response, ex) -> {
                    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                    response.setContentType("application/problem+json");
                    response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"Sign in or send an API token: Authorization: Bearer zh_...\"}");
                }, api))
                .headers(h -> h.frameOptions(f -> f.deny()))
                .addFilterBefore(new ApiTokenFilter(tokens, users, audit), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new SignInStepGate(), AnonymousAuthenticationFilter.class);
        return http.build();
    }
}
