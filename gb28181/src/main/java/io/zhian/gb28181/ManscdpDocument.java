package io.zhian.gb28181;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * A parsed MANSCDP body ({@code Application/MANSCDP+xml}): {@code <Notify>}, {@code <Query>}, {@code <Response>}
 * or {@code <Control>} with a CmdType, SN and DeviceID.
 *
 * <p>Charset: GB/T 28181 mandates GB2312/GB18030 but many devices send UTF-8, often mislabelled or unlabelled.
 * A declared charset (Content-Type parameter, else the XML prolog) is tried first, strictly, then the other
 * one. Without a declaration GB18030 is the default, except that a body which is well-formed multi-byte UTF-8 is
 * read as UTF-8: GB18030 happily "decodes" UTF-8 bytes into wrong characters, while real GB18030 Chinese text is
 * almost never valid UTF-8.
 *
 * <p>XML: DOCTYPE declarations are rejected outright and external entities/DTDs are never loaded (XXE-safe).
 */
public final class ManscdpDocument {

    public static final Charset GB18030 = Charset.forName("GB18030");
    private static final Pattern PROLOG_ENCODING =
            Pattern.compile("<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(ManscdpDocument::newSafeBuilder);

    private final Element root;
    private final Charset charset;

    private ManscdpDocument(Element root, Charset charset) {
        this.root = root;
        this.charset = charset;
    }

    /**
     * @param contentTypeCharset the {@code charset} parameter of Content-Type, or null
     * @throws MalformedManscdpException when the body is empty, undecodable, not well-formed, has a DTD or lacks CmdType
     */
    public static ManscdpDocument parse(byte[] body, String contentTypeCharset) throws MalformedManscdpException {
        if (body == null || body.length == 0) {
            throw new MalformedManscdpException("empty body");
        }
        DecodedBody decoded = decode(body, contentTypeCharset);
        Document document;
        try {
            DocumentBuilder builder = BUILDERS.get();
            builder.reset();
            builder.setErrorHandler(THROWING);
            document = builder.parse(new InputSource(new StringReader(decoded.text())));
        } catch (Exception e) {
            throw new MalformedManscdpException("not well-formed XML: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        ManscdpDocument parsed = new ManscdpDocument(root, decoded.charset());
        if (parsed.cmdType().isEmpty()) {
            throw new MalformedManscdpException("<" + root.getTagName() + "> has no CmdType");
        }
        return parsed;
    }

    /** Decodes the body to text following the charset rules in the class comment. */
    static DecodedBody decode(byte[] body, String contentTypeCharset) throws MalformedManscdpException {
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            return strict(body, 3, StandardCharsets.UTF_8)
                    .orElseThrow(() -> new MalformedManscdpException("UTF-8 BOM but invalid UTF-8"));
        }
        String declared = contentTypeCharset != null && !contentTypeCharset.isBlank()
                ? contentTypeCharset.strip() : prologEncoding(body);
        if (declared != null) {
            Charset primary = charsetFor(declared);
            Charset secondary = primary.equals(StandardCharsets.UTF_8) ? GB18030 : StandardCharsets.UTF_8;
            return strict(body, 0, primary).or(() -> strict(body, 0, secondary))
                    .orElseThrow(() -> new MalformedManscdpException("body is neither " + primary + " nor " + secondary));
        }
        if (hasMultiByteUtf8(body)) {
            Optional<DecodedBody> utf8 = strict(body, 0, StandardCharsets.UTF_8);
            if (utf8.isPresent()) {
                return utf8.get();
            }
        }
        return strict(body, 0, GB18030).or(() -> strict(body, 0, StandardCharsets.UTF_8))
                .orElseThrow(() -> new MalformedManscdpException("body is neither GB18030 nor UTF-8"));
    }

    /** GB2312 and GBK are subsets of GB18030, so one decoder serves all three; unknown names fall back to GB18030. */
    private static Charset charsetFor(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace("_", "-");
        if (n.equals("UTF-8") || n.equals("UTF8")) {
            return StandardCharsets.UTF_8;
        }
        return GB18030;
    }

    private static String prologEncoding(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
        Matcher m = PROLOG_ENCODING.matcher(head);
        return m.find() ? m.group(1) : null;
    }

    private static boolean hasMultiByteUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static Optional<DecodedBody> strict(byte[] body, int offset, Charset charset) {
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, offset, body.length - offset))
                    .toString();
            return Optional.of(new DecodedBody(text, charset));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    record DecodedBody(String text, Charset charset) {
    }

    /** Root element name: Notify, Query, Response or Control. */
    public String root() {
        return root.getTagName();
    }

    public Optional<String> cmdType() {
        return text("CmdType");
    }

    public Optional<String> sn() {
        return text("SN");
    }

    public Optional<String> deviceId() {
        return text("DeviceID");
    }

    /** The charset the body was actually decoded with. */
    public Charset charset() {
        return charset;
    }

    /** Trimmed text of the element at {@code path} below the root (e.g. "Info", "AlarmType"); empty if absent or blank. */
    public Optional<String> text(String... path) {
        return element(path).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
    }

    public Optional<String> attribute(String attribute, String... path) {
        return element(path).map(e -> e.getAttribute(attribute)).filter(s -> !s.isEmpty());
    }

    /**
     * The {@code <Item>} children of the list element (e.g. "DeviceList"), each flattened to child name → text.
     * Nested elements are flattened with '/' (e.g. "Info/PTZType").
     */
    public List<Map<String, String>> items(String listElement) {
        List<Map<String, String>> items = new ArrayList<>();
        Optional<Element> list = element(listElement);
        if (list.isEmpty()) {
            return items;
        }
        for (Element item : children(list.get())) {
            if (item.getTagName().equals("Item")) {
                Map<String, String> fields = new LinkedHashMap<>();
                flatten(item, "", fields);
                items.add(fields);
            }
        }
        return items;
    }

    private static void flatten(Element element, String prefix, Map<String, String> into) {
        for (Element child : children(element)) {
            String key = prefix + child.getTagName();
            List<Element> grandChildren = children(child);
            if (grandChildren.isEmpty()) {
                into.put(key, child.getTextContent().strip());
            } else {
                flatten(child, key + "/", into);
            }
        }
    }

    private Optional<Element> element(String... path) {
        Element current = root;
        for (String name : path) {
            Element next = null;
            for (Element child : children(current)) {
                if (child.getTagName().equals(name)) {
                    next = child;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }

    private static List<Element> children(Element parent) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node.getNodeType() == Node.ELEMENT_NODE) {
                result.add((Element) node);
            }
        }
        return result;
    }

    /** Lenient numeric parse for coordinates and codes devices sometimes leave empty or write as "0.0". */
    static Double parseCoordinate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Integer parseInteger(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static DocumentBuilder newSafeBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("JDK XML parser lacks the security features we require", e);
        }
    }

    /** Default handler prints "[Fatal Error]" to stderr; we want exceptions only. */
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };
}
