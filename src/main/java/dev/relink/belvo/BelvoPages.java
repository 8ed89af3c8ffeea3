package dev.relink.belvo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads one page of {@code GET /api/links/} as a stream: yields each link of {@code results} as it
 * is parsed (a page is never held as objects), counts it, and records Belvo's {@code next} in the
 * {@link LinkPaging} (null on the last page). {@code next} may come before or after {@code results};
 * the route asks for the next page only after the split has drained this one.
 */
@Component("belvoPages")
public class BelvoPages {

    /** Exchange property holding the {@link LinkPaging} of the listing under way. */
    public static final String PAGING = "belvoPaging";

    private final ObjectMapper json;
    private final BelvoRequests requests;
    private final BelvoResponses responses;

    private final TransactionTemplate tx;

    BelvoPages(ObjectMapper json, BelvoRequests requests, BelvoResponses responses, TransactionTemplate tx) {
        this.json = json;
        this.tx = tx;
        this.requests = requests;
        this.responses = responses;
    }

    public Iterator<Link> links(Exchange exchange) throws IOException, InvalidPayloadException {
        LinkPaging paging = exchange.getProperty(PAGING, LinkPaging.class);
        BelvoRequest current = paging.take();
        InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class);
        JsonParser parser = json.createParser(body);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            parser.close();
            throw new BelvoApiException(200, null, "the link page is not a JSON object", null, null,
                    current.describe());
        }
        return new PageIterator(parser, paging, current);
    }

    /** The whole page, read to its end: for a caller that takes a page at once (header {@code onPage}). */
    public List<Link> page(Exchange exchange) throws IOException, InvalidPayloadException {
        List<Link> page = new ArrayList<>();
        links(exchange).forEachRemaining(page::add);
        return page;
    }

    /**
     * Adds every link of the page to the {@link LinkReads} of the bulk read under way. The page is read
     * in one transaction, so what its {@link LinkRead}s teach (an incident's institution, say) costs
     * one commit for up to 100 links, not one each.
     */
    public void collect(Exchange exchange) throws IOException, InvalidPayloadException {
        LinkReads reads = exchange.getProperty(PAGING, LinkPaging.class).getReads();
        Iterator<Link> page = links(exchange);
        tx.executeWithoutResult(status -> page.forEachRemaining(reads::found));
    }

    private final class PageIterator implements Iterator<Link> {

        private final JsonParser parser;
        private final LinkPaging paging;
        private final BelvoRequest current;
        private boolean inResults;
        private boolean done;
        private Link ahead;

        PageIterator(JsonParser parser, LinkPaging paging, BelvoRequest current) {
            this.parser = parser;
            this.paging = paging;
            this.current = current;
        }

        @Override
        public boolean hasNext() {
            if (ahead == null && !done) {
                try {
                    ahead = advance();
                } catch (IOException e) {
                    close();
                    throw new UncheckedIOException("reading a Belvo link page failed", e);
                }
            }
            return ahead != null;
        }

        @Override
        public Link next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Link link = ahead;
            ahead = null;
            paging.counted();
            return link;
        }

        /** The next link of results, reading any other top-level field on the way; null at the end. */
        private Link advance() throws IOException {
            while (true) {
                JsonToken token = parser.nextToken();
                if (inResults) {
                    if (token == JsonToken.START_OBJECT) {
                        return responses.link(parser);
                    }
                    inResults = false; // END_ARRAY
                    continue;
                }
                if (token == null || token == JsonToken.END_OBJECT) {
                    close();
                    return null;
                }
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("results".equals(field) && value == JsonToken.START_ARRAY) {
                    inResults = true;
                } else if ("next".equals(field) && value == JsonToken.VALUE_STRING) {
                    paging.followWith(requests.nextPage(parser.getText(), current));
                } else {
                    parser.skipChildren();
                }
            }
        }

        private void close() {
            done = true;
            try {
                parser.close();
            } catch (IOException ignored) {
                // the page was read; nothing left to release but the stream cache
            }
        }
    }
}
