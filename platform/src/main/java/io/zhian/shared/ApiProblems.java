package io.zhian.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * RFC 9457 problem details for every REST controller. Field errors are listed as
 * {@code errors: [{field, reason}]} so a client can show each next to its input.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

    private final ApplicationEventPublisher events;

    ApiProblems(ApplicationEventPublisher events) {
        this.events = events;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e, HttpServletRequest request) {
        if (e.outOfScope()) {
            events.publishEvent(new AccessDenied(e.objectType(), e.objectId(), "out of data scope"));
        }
        return problem(HttpStatus.NOT_FOUND, "Not found", e.objectType() + " " + e.objectId() + " does not exist or is outside your scope", request);
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e, HttpServletRequest request) {
        return invalid(e.problems(), request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<FieldProblem> problems = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldProblem(f.getField(), f.getDefaultMessage()))
                .toList();
        return invalid(problems, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return invalid(List.of(new FieldProblem(e.getName(), "has an invalid value: " + e.getValue())), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return invalid(List.of(new FieldProblem(e.getParameterName(), "is required")), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Unreadable request body",
                "The request body is not valid JSON for this endpoint", request);
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e, HttpServletRequest request) {
        ProblemDetail pd = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), request);
        if (e.field() != null) {
            pd.setProperty("errors", List.of(new FieldProblem(e.field(), e.getMessage())));
        }
        return pd;
    }

    @ExceptionHandler({ForbiddenException.class, AccessDeniedException.class})
    ProblemDetail forbidden(RuntimeException e, HttpServletRequest request) {
        events.publishEvent(new AccessDenied("request", request.getMethod() + " " + request.getRequestURI(), e.getMessage()));
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), request);
    }

    private static ProblemDetail invalid(List<FieldProblem> problems, HttpServletRequest request) {
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input",
                problems.stream().map(p -> p.field() + ": " + p.reason()).reduce((a, b) -> a + "; " + b).orElse("invalid input"),
                request);
        pd.setProperty("errors", problems);
        return pd;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, HttpServletRequest request) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(title);
        pd.setInstance(URI.create(request.getRequestURI()));
        return pd;
    }
}
