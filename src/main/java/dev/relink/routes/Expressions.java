package dev.relink.routes;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.ExpressionIllegalSyntaxException;
import org.apache.camel.spi.Language;
import org.apache.camel.util.StringHelper;
import org.apache.camel.util.StringQuoteHelper;
import org.snakeyaml.engine.v2.nodes.Node;

import dev.relink.checks.Problem;
import dev.relink.checks.YamlFile;

/**
 * Each expression of a file ops edit compiled alone, as Camel compiles it when it creates the route,
 * and a mistake reported at the expression's own line and column with the language's message
 * ({@code routes/detect-signals.yaml:40:23: error: route detect.recheck-opened: expected symbol ...}).
 * With {@link YamlFile} it is the reusable "each mistake at its own line": the route files reach it
 * through {@link DslExpressions}; a file a later issue adds calls {@link #check} with the node each
 * expression was read from. A {@code {{placeholder}}} that does not resolve is left to the
 * placeholder check, which names it at its own line.
 */
public final class Expressions {

    private final CamelContext camel;

    public Expressions(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Compiles {@code text} with {@code language}, as a predicate or as an expression; a mistake goes
     * to {@code problems} at {@code node}, after {@code where} (what holds it: "route detect.signal").
     */
    public void check(YamlFile file, Node node, String where, String language, String text, boolean predicate,
            List<Problem> problems) {
        String resolved = resolved(text);
        if (resolved == null) {
            return;
        }
        try {
            Language compiler = camel.resolveLanguage(language);
            if (predicate) {
                compiler.createPredicate(resolved);
            } else {
                compiler.createExpression(resolved);
            }
        } catch (RuntimeException e) {
            problems.add(file.at(node, where + ": " + message(e)));
        }
    }

    /**
     * A bean method with arguments ({@code confirm(${header.incidentId}, ${body})}) read as Camel's
     * bean component reads it when it calls the method (at the first message, not at start-up):
     * parentheses that pair, and each argument a Simple expression.
     */
    public void checkMethod(YamlFile file, Node node, String where, String method, List<Problem> problems) {
        String resolved = resolved(method);
        if (resolved == null || !resolved.contains("(")) {
            return;
        }
        // the bean component's own words for these, which it would say at the first message
        String arguments = StringHelper.betweenOuterPair(resolved, '(', ')');
        if (!resolved.endsWith(")") || arguments == null) {
            problems.add(file.at(node, where + ": " + (resolved.endsWith(")") ? "Method should have even pair of parenthesis, was "
                    : "Method should end with parenthesis, was ") + resolved));
            return;
        }
        String[] each = StringQuoteHelper.splitSafeQuote(arguments, ',', true, true);
        for (int i = 0; i < each.length; i++) {
            String argument = typeQualifierRemoved(each[i].strip());
            if (argument.isEmpty() || argument.endsWith(".class")) {
                continue;
            }
            try {
                camel.resolveLanguage("simple").createExpression(argument);
            } catch (RuntimeException e) {
                problems.add(file.at(node, where + ": argument " + (i + 1) + " of method '" + StringHelper.before(resolved, "(")
                        + "' (" + argument + "): " + message(e)));
            }
        }
    }

    /** {@code String.class ${body}} selects an overload by type; the value is what follows the type. */
    private static String typeQualifierRemoved(String argument) {
        int space = argument.indexOf(' ');
        int type = argument.indexOf(".class");
        return space != -1 && type != -1 && space > type ? argument.substring(type + ".class".length()).strip() : argument;
    }

    /**
     * The language's own message: a syntax error's first line (Simple's next lines repeat the
     * expression under a caret that a one-line report cannot keep aligned; the first says the location).
     */
    private static String message(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ExpressionIllegalSyntaxException syntax && syntax.getMessage() != null) {
                return syntax.getMessage().strip().lines().findFirst().orElseThrow();
            }
        }
        return CamelCheck.rootMessage(e);
    }

    private String resolved(String text) {
        try {
            return text.contains("{{") ? camel.resolvePropertyPlaceholders(text) : text;
        } catch (RuntimeException unresolved) {
            return null;
        }
    }
}
