package io.zhian.identity.internal;

import io.zhian.audit.AuditTrail;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code Authorization: Bearer zh_…} requests; a bad token is a 401 problem, never a fallback. */
class ApiTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final UserStore users;
    private final AuditTrail audit;

    ApiTokenFilter(ApiTokens tokens, UserStore users, AuditTrail audit) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
    }

    static boolean isBearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        String token = request.getHeader("Authorization").substring(7).strip();
        Optional<UserStore.UserRow> user = tokens.authenticate(token).flatMap(users::find)
                .filter(u -> u.enabled() && !u.lockedAt(java.time.Instant.now()));
        if (user.isEmpty()) {
            audit.recordIndependently(null, "token:" + (token.length() > 11 ? token.substring(0, 11) : token), null,
                    "TOKEN_AUTH", "api_token", null, AuditTrail.Outcome.FAILURE, "unknown, revoked or expired token");
            response.setStatus(401);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"The API token is unknown, revoked or expired\"}");
            return;
        }
        UserStore.UserRow u = user.get();
        List<SimpleGrantedAuthority> authorities = users.assignments(u.id()).stream()
                .map(a -> new SimpleGrantedAuthority(a.role().authority())).toList();
        var auth = UsernamePasswordAuthenticationToken.authenticated(ZhianPrincipal.of(u, SignInStep.DONE).withStep(SignInStep.DONE),
                null, authorities);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
