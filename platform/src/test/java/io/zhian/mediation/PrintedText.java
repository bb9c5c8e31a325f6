package io.zhian.mediation;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDVectorFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;

/**
 * Reads a PDF back: its text, and how many shown glyphs the embedded font cannot draw. Text extraction
 * alone passes even when the glyphs are missing (it reads the ToUnicode map), so both are checked.
 */
final class PrintedText extends PDFTextStripper {

    int shown;
    int missing;
    String text;

    static PrintedText of(byte[] pdf) throws IOException {
        PrintedText reader = new PrintedText();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            reader.text = reader.getText(doc);
        }
        return reader;
    }

    @Override
    protected void showGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement) throws IOException {
        shown++;
        if (font instanceof PDVectorFont vector && !vector.hasGlyph(code)) {
            missing++;
        }
        super.showGlyph(textRenderingMatrix, font, code, displacement);
    }
}
