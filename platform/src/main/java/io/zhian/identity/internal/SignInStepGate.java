package io.zhian.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a half-signed-in session (TOTP pending, password change or TOTP enrolment owed) on the page
 * for its step; everything else redirects there (pages) or answers 403 (API).
 */
class SignInStepGate extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof ZhianPrincipal p && p.step() != SignInStep.DONE) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (!allowed(path, p.step())) {
                if (path.startsWith("/api/")) {
                    response.setStatus(403);
                    response.setContentType("application/problem+json");
                    response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Sign-in not finished\",\"status\":403,"
                            + "\"detail\":\"Finish signing in first: " + p.step() + "\"}");
                } else {
                    response.sendRedirect(request.getContextPath() + p.step().page());
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean allowed(String path, SignInStep step) {
        return path.equals(step.page()) || path.equals("/logout") || path.startsWith("/webjars/") || path.startsWith("/css/")
                || path.startsWith("/js/") || path.equals("/error") || path.equals("/favicon.ico") || path.equals("/lang");
    }
}
