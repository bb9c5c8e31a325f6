package io.zhian.mediation.internal;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Component;

/**
 * The printed mediation agreement (人民调解协议书). The Chinese font (Noto Sans SC, TrueType, OFL) comes from the
 * classpath and is embedded as a subset, so the PDF reads the same on any machine.
 */
@Component
class AgreementPdf {

    static final String FONT = "/fonts/NotoSansSC_400Regular.ttf";
    private volatile byte[] fontBytes;

    byte[] render(MediationService.DisputeView dispute, MediationService.AgreementView a, String mediators) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            BaseFont base = BaseFont.createFont("NotoSansSC_400Regular.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, font(), null);
            Font title = new Font(base, 18, Font.BOLD);
            Font heading = new Font(base, 12, Font.BOLD);
            Font body = new Font(base, 11);
            Document doc = new Document(PageSize.A4, 60, 60, 60, 60);
            PdfWriter.getInstance(doc, out);
            doc.addTitle("人民调解协议书 " + dispute.caseNo());
            doc.open();
            Paragraph t = new Paragraph("人民调解协议书", title);
            t.setAlignment(Element.ALIGN_CENTER);
            doc.add(t);
            Paragraph no = new Paragraph("编号：" + dispute.caseNo() + "    纠纷类型：" + categoryZh(dispute.category()), body);
            no.setAlignment(Element.ALIGN_CENTER);
            no.setSpacingAfter(12);
            doc.add(no);
            doc.add(new Paragraph("当事人", heading));
            for (MediationService.PartyView p : a.parties()) {
                doc.add(new Paragraph(roleZh(p.role()) + "：" + p.name() + (p.idNumber() == null ? "" : "    身份证号：" + p.idNumber()), body));
            }
            Paragraph f = new Paragraph("纠纷主要事实、争议事项", heading);
            f.setSpacingBefore(10);
            doc.add(f);
            doc.add(new Paragraph(a.facts(), body));
            Paragraph o = new Paragraph("经调解，自愿达成如下协议", heading);
            o.setSpacingBefore(10);
            o.setSpacingAfter(6);
            doc.add(o);
            PdfPTable table = new PdfPTable(new float[] {1, 3, 8, 3});
            table.setWidthPercentage(100);
            for (String h : new String[] {"序号", "履行义务人", "协议内容", "履行期限"}) {
                table.addCell(new PdfPCell(new Paragraph(h, heading)));
            }
            int i = 1;
            for (MediationStore.ObligationRow ob : a.obligations()) {
                table.addCell(new PdfPCell(new Paragraph(String.valueOf(i++), body)));
                table.addCell(new PdfPCell(new Paragraph(ob.obligor(), body)));
                table.addCell(new PdfPCell(new Paragraph(ob.content(), body)));
                table.addCell(new PdfPCell(new Paragraph(ob.dueOn().toString(), body)));
            }
            doc.add(table);
            Paragraph j = new Paragraph("本协议自各方当事人签名、人民调解员签名并加盖人民调解委员会印章之日起生效。"
                    + "当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认（截止日期：" + a.judicialDeadline() + "）。", body);
            j.setSpacingBefore(12);
            doc.add(j);
            Paragraph s = new Paragraph("当事人（签名）：" + "                              " + "调解员（签名）：" + mediators, body);
            s.setSpacingBefore(24);
            doc.add(s);
            Paragraph d = new Paragraph("签订日期：" + a.signedOn() + "    纠纷发生地：" + dispute.regionName(), body);
            d.setSpacingBefore(12);
            doc.add(d);
            doc.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] font() throws IOException {
        byte[] f = fontBytes;
        if (f == null) {
            try (InputStream in = AgreementPdf.class.getResourceAsStream(FONT)) {
                if (in == null) {
                    throw new IOException("font " + FONT + " is not on the classpath (the build fetches it: see cjk-font.url in pom.xml)");
                }
                f = in.readAllBytes();
                fontBytes = f;
            }
        }
        return f;
    }

    static String roleZh(String role) {
        return switch (role) {
            case "APPLICANT" -> "申请人";
            case "RESPONDENT" -> "被申请人";
            default -> "当事人";
        };
    }

    static String categoryZh(DisputeCategory c) {
        return switch (c) {
            case NEIGHBOUR -> "邻里纠纷";
            case FAMILY -> "婚姻家庭纠纷";
            case LAND_HOUSING -> "土地房屋纠纷";
            case LABOUR -> "劳资纠纷";
            case PROPERTY -> "物业纠纷";
            case COMMERCIAL -> "经济合同纠纷";
            case MEDICAL -> "医疗纠纷";
            case TRAFFIC -> "交通事故纠纷";
            case OTHER -> "其他纠纷";
        };
    }
}
