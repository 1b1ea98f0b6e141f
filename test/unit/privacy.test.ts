import { describe, expect, it } from "vitest";
import { findPersonalData, maskPersonalData, type MaskOptions } from "../../app/domain/petitions/privacy";

const kinds = (text: string, opts?: MaskOptions) => findPersonalData(text, opts).map((m) => m.kind);
const found = (text: string, opts?: MaskOptions) =>
  findPersonalData(text, opts).map((m) => `${m.kind}:${text.slice(m.start, m.end)}`);

// Test data. IDs carry a correct GB 11643 check digit; cards pass Luhn.
const ID18 = "441602199001011238";
const ID18_X = "44160219881231000X";
const ID18_LEAP = "441602200002290043"; // 29 Feb 2000
const ID15 = "441602900101123";
const CARD16 = "6222021234567894";
const CARD18 = "622202123456789012";
const CARD19 = "6222021234567890128";

describe("mobile phones", () => {
  it.each([
    ["13812345678", "138****5678"],
    ["138-1234-5678", "138****5678"],
    ["138 1234 5678", "138****5678"],
    ["1381234-5678", "138****5678"],
    ["+86 13812345678", "+86 138****5678"],
    ["+86-138-1234-5678", "+86-138****5678"],
    ["+8613812345678", "+86138****5678"],
    ["0086 19912345678", "0086 199****5678"],
    ["１３８１２３４５６７８", "１３８****５６７８"],
    ["手机：15912345678。", "手机：159****5678。"],
    ["电话13812345678或18687654321", "电话138****5678或186****4321"],
    // Letters right before a number do not exempt it.
    ["TEL13812345678", "TEL138****5678"],
    ["Tel:13812345678", "Tel:138****5678"],
    ["tel13812345678", "tel138****5678"],
    ["编号AB13812345678", "编号AB138****5678"],
    ["手机号码（Mobile）13812345678", "手机号码（Mobile）138****5678"],
    // More groupings and separators: space, dot, dash, with spaces around them.
    ["1381 234 5678", "138****5678"],
    ["138.1234.5678", "138****5678"],
    ["138 - 1234 - 5678", "138****5678"],
    ["138 . 1234 . 5678", "138****5678"],
    ["138  1234  5678", "138****5678"],
    ["138-1234 5678", "138****5678"],
    ["1381234.5678", "138****5678"],
    ["138.12345678", "138****5678"],
    ["13812 345678", "138****5678"],
    ["+86.138.1234.5678", "+86.138****5678"],
    ["+86 - 138 - 1234 - 5678", "+86 - 138****5678"],
    ["138\u20101234\u20105678", "138****5678"], // Unicode hyphen
    ["138·1234·5678", "138****5678"], // middle dot
    ["１３８．１２３４．５６７８", "１３８****５６７８"],
    ["138\u20091234\u20095678", "138****5678"], // thin spaces
    // Invisible characters inside the number are ignored (and dropped with the masked part).
    ["138\u200B12345678", "138****5678"],
    ["138\u200C1234\u200D5678", "138****5678"],
    ["1\u20603\uFEFF8\u00AD1234\u200B\u200B\u200B5678", "138****5678"],
    ["电话：138\u200B1234\u200B5678。", "电话：138****5678。"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it("reports the span of the whole number", () => {
    expect(findPersonalData("电话13812345678。")).toEqual([{ kind: "phone", start: 2, end: 13 }]);
    expect(found("请拨+86 138 1234 5678")).toEqual(["phone:+86 138 1234 5678"]);
  });

  it.each([
    "12345678901", // 12… is not a mobile prefix
    "1381234567", // 10 digits
    "138123456789", // 12 digits
    "138-12-345-678", // wrong grouping
    "12345政务服务热线",
    "查询编号HY20261127000123",
    "查询编号 hy20261127000123",
    "13 8123 45678", // groups of fewer than three digits
    // Dates, times, amounts, route names and years with the new separators.
    "2026.11.27",
    "2026 - 11 - 27",
    "2026. 11. 27 13:45",
    "1998 - 2003 - 2010年",
    "1998.01 - 2003.12",
    "13:45 - 18:30",
    "13.45 - 18.30",
    "金额138.50元，合计1,380.00元，共3.5亿元",
    "K12路、K138路、139路",
    "第138 - 139页",
    "1. 2. 3. 4. 5. 6. 7. 8. 9. 10. 11.",
  ])("leaves %s alone", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });

  it("skips only the exact tracking-number shape HY + 14 digits", () => {
    expect(maskPersonalData("查询编号HY20261127000123，电话13812345678")).toBe("查询编号HY20261127000123，电话138****5678");
    expect(maskPersonalData("HY20261127000123 138 1234 5678")).toBe("HY20261127000123 138****5678");
    // Not our shape: masked by whatever the digits are.
    expect(maskPersonalData("HY13812345678")).toBe("HY138****5678");
    expect(maskPersonalData("XY13812345678")).toBe("XY138****5678");
  });
});

describe("landlines", () => {
  it.each([
    ["0762-3388123", "0762-****123"],
    ["0762 3388123", "0762 ****123"],
    ["07623388123", "0762-****123"],
    ["(0762)3388123", "(0762)****123"],
    ["010-12345678", "010-*****678"],
    ["020-87654321", "020-*****321"],
    ["０７６２－３３８８１２３", "０７６２－****１２３"],
    ["办公电话：0762-3388123转801", "办公电话：0762-****123转801"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
    expect(kinds(input)).toEqual(["phone"]);
  });

  it.each([
    "0762-12345", // local number too short
    "0762-012345678", // local number too long
    "001-2345678", // no such area code
    "2026-11-27",
    "07:30",
  ])("leaves %s alone", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });
});

describe("resident ID numbers", () => {
  it.each([
    [ID18, "4416************38"],
    [ID18_X, "4416************0X"],
    [ID18_X.toLowerCase(), "4416************0x"],
    [ID18_LEAP, "4416************43"],
    ["11010519491231002X", "1101************2X"],
    [ID15, "4416*********23"],
    ["441602 19900101 1238", "4416************38"],
    ["441602.19900101.1238", "4416************38"],
    ["441602 - 19900101 - 1238", "4416************38"],
    // Fail closed: a plausible province and birth date are enough, the check digit is not needed.
    ["441602199001011234", "4416************34"],
    ["44160219881231001X", "4416************1X"],
    ["441602 19900101 1234", "4416************34"],
    ["110105194912310021", "1101************21"],
  ])("masks %s keeping the first 4 and last 2", (input, expected) => {
    const out = maskPersonalData(`身份证号${input}。`);
    expect(out).toBe(`身份证号${expected}。`);
    expect(kinds(input)).toEqual(["id_number"]);
  });

  it("keeps the length of the number", () => {
    expect(maskPersonalData(ID18)).toHaveLength(18);
    expect(maskPersonalData(ID15)).toHaveLength(15);
  });

  it("masks an ID after letters and one with invisible characters inside", () => {
    expect(maskPersonalData(`NO${ID18}`)).toBe("NO4416************38");
    expect(maskPersonalData(`身份证ID${ID18_X}`)).toBe("身份证ID4416************0X");
    expect(maskPersonalData("441602\u200B199001011238")).toBe("4416************38");
  });

  it.each([
    ["month 13 (valid check digit)", "441602199013011235"],
    ["29 Feb in a common year (valid check digit)", "441602200102290040"],
    ["an unknown province code (valid check digit)", "991602199001011235"],
    ["a random 18-digit number", "123456789012345678"],
    ["15 digits with no plausible date", "441602901301123"],
    ["an ID inside a longer number", `9${ID18}`],
    ["day 32 with a wrong check digit", "441602199001321234"],
    ["a year before 1900 with a wrong check digit", "441602189001011234"],
    ["an unknown province code with a wrong check digit", "001602199001011234"],
  ])("ignores %s", (_label, input) => {
    expect(kinds(input)).not.toContain("id_number");
  });
});

describe("bank cards", () => {
  it.each([
    [CARD16, "************7894"],
    [CARD18, "**************9012"],
    [CARD19, "***************0128"],
    ["6222 0212 3456 7894", "************7894"],
    ["6222-0212-3456-7890-128", "***************0128"],
    ["6222.0212.3456.7894", "************7894"],
    ["6222 - 0212 - 3456 - 7894", "************7894"],
  ])("masks %s keeping the last 4", (input, expected) => {
    expect(maskPersonalData(`卡号${input}`)).toBe(`卡号${expected}`);
    expect(kinds(input)).toEqual(["bank_card"]);
  });

  it.each([
    ["a Luhn failure", "6222021234567895"],
    ["a date-prefixed serial that passes Luhn", "2026112700012346"],
    ["15 digits", "622202123456789"],
    ["20 digits", "62220212345678901234"],
    ["a leading zero", "0222021234567897"],
  ])("ignores %s", (_label, input) => {
    expect(kinds(input)).not.toContain("bank_card");
  });

  it("masks a card after letters (only HY + 14 digits is exempt)", () => {
    expect(maskPersonalData(`HY${CARD16}`)).toBe("HY************7894");
    expect(maskPersonalData(`CARD${CARD16}`)).toBe("CARD************7894");
  });

  it("reads a Luhn-valid number as a card when its ID check digit is wrong", () => {
    // Province 44, 1990-01-01, a wrong ID check digit, but it passes Luhn.
    const n = "441602199001011236";
    expect(kinds(n)).toEqual(["bank_card"]);
    expect(maskPersonalData(n)).toBe("**************1236");
  });

  it("prefers the ID reading when an 18-digit number is both a valid ID and Luhn-valid", () => {
    const both = "441602199001011350";
    expect(kinds(both)).toEqual(["id_number"]);
    expect(maskPersonalData(both)).toBe("4416************50");
  });
});

describe("e-mail addresses", () => {
  it.each([
    ["zhangwei@example.com", "z***@example.com"],
    ["联系邮箱：zhang.wei+hy@mail.heyuan.gov.cn。", "联系邮箱：z***@mail.heyuan.gov.cn。"],
    ["13812345678@qq.com", "1***@qq.com"],
    ["ｔｅｓｔ＠１６３．ｃｏｍ", "ｔ***@１６３．ｃｏｍ"],
    ["a@b.cn和c_d@e-f.org", "a***@b.cn和c***@e-f.org"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it("reports an address containing a phone number once, as e-mail", () => {
    expect(kinds("13812345678@qq.com")).toEqual(["email"]);
  });

  it.each(["abc@localhost", "@qq.com", "a@b.c", "价格@10元", "user@.com", "z***@qq.com"])("leaves %s alone", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });
});

describe("addresses", () => {
  it.each([
    ["源城区大同路88号3栋2单元501室", "源城区大同路**号*栋*单元***室"],
    ["东源县仙塘镇红光村12号", "东源县仙塘镇红光村**号"],
    ["新江街道文明路华景花园6幢1802", "新江街道文明路华景花园*幢****"],
    ["和平县阳明镇红星村3组15号", "和平县阳明镇红星村*组**号"],
    ["建设二路八十八号", "建设二路***号"],
    ["万达广场A座1205室", "万达广场*座****室"],
    ["华景花园6-1802", "华景花园*-****"],
    ["紫金县人民路88-3号", "紫金县人民路**-*号"],
    ["东环大道168号", "东环大道***号"],
    ["碧桂园3栋2单元501室", "碧桂园*栋*单元***室"],
    ["住在5号楼302，", "住在*号楼***，"],
    ["金山苑B栋1102房", "金山苑*栋****房"],
    ["龙川县老隆镇新街巷9号", "龙川县老隆镇新街巷*号"],
  ])("masks the house-level detail of %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
    expect(kinds(input).every((k) => k === "address")).toBe(true);
  });

  it("reports only the masked detail as the span", () => {
    expect(found("家住源城区大同路88号3栋")).toEqual(["address:88号3栋"]);
  });

  it("masks each address in a longer text", () => {
    expect(maskPersonalData("家住大同路88号华景花园6幢1802，户籍在红光村12号。")).toBe(
      "家住大同路**号华景花园*幢****，户籍在红光村**号。",
    );
  });

  it.each([
    "2026年11月27日，2026-11-27",
    "11月27号上午",
    "地铁3号线",
    "乘坐K12路、1路、3路公交车",
    "K12路88号站",
    "市政府三楼301室",
    "请到3楼会议室",
    "我知道3号开会",
    "河源市人民政府令第3号",
    "粤府〔2026〕12号",
    "学校3栋教学楼",
    "优化10条线路",
    "大同路2026年改造",
    "源城区、东源县、和平县、龙川县、紫金县、连平县",
    "市交通运输局",
    "沿江路全长3.5公里",
  ])("leaves %s alone", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });
});

describe("names in context", () => {
  it.each([
    ["我叫张伟，家住源城区。", "我叫张*，家住源城区。"],
    ["本人李明华反映如下", "本人李**反映如下"],
    ["本人张伟家住大同路", "本人张*家住大同路"],
    ["姓名：陈小红", "姓名：陈**"],
    ["姓名:陈小红", "姓名:陈**"],
    ["联系人：黄志强 电话", "联系人：黄** 电话"],
    ["签名：刘芳", "签名：刘*"],
    ["户主赵大海", "户主赵**"],
    ["我叫司马光", "我叫司马*"],
    ["我叫欧阳明华", "我叫欧阳**"],
    ["张伟先生说", "张*先生说"],
    ["感谢张伟明先生", "感谢张**先生"],
    ["欧阳明华女士", "欧阳**女士"],
    ["联系了林晓琳小姐", "联系了林**小姐"],
    ["钟国平师傅来修", "钟**师傅来修"],
    ["请王丽老师", "请王*老师"],
    ["李秀英阿姨", "李**阿姨"],
    ["曾志强同志", "曾**同志"],
    ["和张伟先生一起", "和张*先生一起"],
    ["姓名：曾志强", "姓名：曾**"],
  ])("masks %s keeping the surname", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it.each([
    "张先生",
    "联系人：王女士",
    "市民钟先生来电",
    "各位老师、王老师和李老师",
    "向王先生反映",
    "和林先生",
    "班主任林老师",
    "高三老师",
    "安装师傅",
    "学校保洁阿姨",
    "本人于近日向市交通运输局反映",
    "本人曾多次投诉",
    "本人孙子在读书",
    "本人林业局职工",
    "于是张先生来了",
    "王府井大街很热闹，我在王府井逛街",
    "黄金周周末",
    "市交通运输局、源城区人民政府",
    "我叫什么不重要",
  ])("leaves %s alone", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });

  it("masks the given name in a 我叫 context even when it is a place (王府井)", () => {
    expect(maskPersonalData("我叫王府井")).toBe("我叫王**");
  });

  it("masks a weekday-like name after 我叫 but not a weekday after 我是 or before a verb", () => {
    expect(maskPersonalData("我叫周一")).toBe("我叫周*");
    expect(maskPersonalData("我是周一来的")).toBe("我是周一来的");
    expect(maskPersonalData("周一投诉，周三才回复")).toBe("周一投诉，周三才回复");
  });
});

describe("names after a party to the case, 我是, 叫做", () => {
  it.each([
    ["投诉人王小明说", "投诉人王**说"],
    ["被投诉人李四", "被投诉人李*"],
    ["举报人：赵六", "举报人：赵*"],
    ["举报人:赵六", "举报人:赵*"],
    ["举报人 赵六", "举报人 赵*"],
    ["反映人张伟明称", "反映人张**称"],
    ["来信人：刘芳", "来信人：刘*"],
    ["当事人黄志强", "当事人黄**"],
    ["我是陈大文", "我是陈**"],
    ["你好，我是欧阳明华。", "你好，我是欧阳**。"],
    ["他叫做林晓琳", "他叫做林**"],
    ["我叫做张伟", "我叫做张*"],
    ["投诉人：曾志强", "投诉人：曾**"], // a word-like surname after a colon
    ["投诉人王明来信称", "投诉人王*来信称"],
    ["被投诉人李四多次占道经营", "被投诉人李*多次占道经营"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
    expect(kinds(input)).toEqual(["name"]);
  });

  it.each([
    "投诉人于近日来电",
    "投诉人曾多次来电",
    "投诉人向记者反映",
    "投诉人对处理结果不满",
    "投诉人民医院乱收费",
    "举报人数逐年上升",
    "当事人双方已和解",
    "当事人王某", // already anonymised
    "我是一名教师",
    "我是高三学生",
    "我是本地居民",
    "我是金山苑业主", // a word-like surname after 我是
    "我是说",
    "我是否需要补充材料",
    "这叫做高空抛物",
  ])("leaves %s alone", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });
});

describe("names before 反映 / 投诉 / 举报 / 来信", () => {
  it.each([
    ["王小明反映", "王**反映"],
    ["王小明反映，", "王**反映，"],
    ["，李四投诉", "，李*投诉"],
    ["王小明举报", "王**举报"],
    ["陈大文来信称", "陈**来信称"],
    ["欧阳明华投诉", "欧阳**投诉"],
    ["市民王小明反映", "市民王**反映"],
    ["居民曾志强反映", "居民曾**反映"],
    ["据王小明反映", "据王**反映"],
    ["经赵六举报", "经赵*举报"],
    ["张三和李四反映", "张三和李*反映"],
    ["2026年11月27日，黄志强来信", "2026年11月27日，黄**来信"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });

  it.each([
    "群众反映",
    "据反映",
    "有人反映",
    "网友反映",
    "市民多次反映",
    "有居民投诉",
    "有关部门反映",
    "相关人员反映",
    "向领导反映",
    "向高层反映",
    "居民陆续反映",
    "施工投诉",
    "施工方投诉",
    "，严重投诉",
    "高铁投诉",
    "实名举报",
    "匿名投诉",
    "经群众举报",
    "多名居民联名举报",
    "业主委员会反映",
    "人民来信",
    "您的来信",
    "收到来信",
    "群众来信反映",
    "12345热线来信",
    "家长黄女士投诉",
    "村民林某反映",
    "关于高速公路收费的投诉",
  ])("leaves %s alone", (input) => {
    expect(maskPersonalData(input)).toBe(input);
  });
});

describe("names in titles", () => {
  it.each([
    ["关于投诉人王小明反映噪音问题", "关于投诉人王**反映噪音问题"],
    ["关于王小明反映K12路公交车不准点的答复", "关于王**反映K12路公交车不准点的答复"],
    ["王小明反映小区停车难", "王**反映小区停车难"],
    ["举报人：赵六举报违建", "举报人：赵*举报违建"],
    ["我是陈大文，反映路灯不亮", "我是陈**，反映路灯不亮"],
    ["被投诉人李四在路边占道经营", "被投诉人李*在路边占道经营"],
  ])("masks %s", (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });
});

describe("knownNames", () => {
  it("masks every occurrence, keeping the surname", () => {
    expect(maskPersonalData("张伟来信。张伟说，张伟的邻居也同意。", { knownNames: ["张伟"] })).toBe(
      "张*来信。张*说，张*的邻居也同意。",
    );
  });

  it("keeps a two-character surname", () => {
    expect(maskPersonalData("欧阳明华来信", { knownNames: ["欧阳明华"] })).toBe("欧阳**来信");
  });

  it("masks nicknames and Latin names, at word boundaries only", () => {
    expect(maskPersonalData("Wang Wei wrote; Wang Weiming did not.", { knownNames: ["Wang Wei"] })).toBe(
      "W*** *** wrote; Wang Weiming did not.",
    );
    expect(maskPersonalData("Li said: no Limit", { knownNames: ["Li"] })).toBe("L* said: no Limit");
    expect(maskPersonalData("河源老百姓认为", { knownNames: ["河源老百姓"] })).toBe("河****认为");
  });

  it("reports known names as kind name", () => {
    expect(findPersonalData("请张伟回电", { knownNames: ["张伟"] })).toEqual([{ kind: "name", start: 1, end: 3 }]);
  });

  it("ignores one-character, blank and non-string entries", () => {
    const opts = { knownNames: ["王", "", "  ", 42, null] as unknown as string[] };
    expect(maskPersonalData("王某来信", opts)).toBe("王某来信");
  });

  it("trims entries and matches full-width forms", () => {
    expect(maskPersonalData("ＡＢＣ来信", { knownNames: [" ABC "] })).toBe("Ａ**来信");
  });
});

describe("knownValues", () => {
  it("masks an arbitrary value as ***", () => {
    expect(maskPersonalData("我的微信号是hy_laobaixing，欢迎联系", { knownValues: ["hy_laobaixing"] })).toBe(
      "我的微信号是***，欢迎联系",
    );
    expect(kinds("微信hy_laobaixing", { knownValues: ["hy_laobaixing"] })).toEqual(["known"]);
  });

  it("masks a value that is itself a phone number by the phone rule", () => {
    const opts = { knownValues: ["13812345678"] };
    expect(maskPersonalData("回电13812345678", opts)).toBe("回电138****5678");
    expect(kinds("回电13812345678", opts)).toEqual(["phone"]);
  });

  it("masks a known address entirely", () => {
    expect(maskPersonalData("住址：大同路88号3栋，请上门", { knownValues: ["大同路88号3栋"] })).toBe("住址：***，请上门");
  });

  it("masks a local number without area code that the detectors would not catch", () => {
    expect(maskPersonalData("拨3388123找我", { knownValues: ["3388123"] })).toBe("拨***找我");
  });

  it("masks every occurrence", () => {
    expect(maskPersonalData("A栋 and A栋", { knownValues: ["A栋"] })).toBe("*** and ***");
  });

  it("tolerates missing or malformed options", () => {
    expect(maskPersonalData("13812345678", {})).toBe("138****5678");
    expect(maskPersonalData("13812345678", { knownValues: "x" as unknown as string[] })).toBe("138****5678");
    expect(maskPersonalData("13812345678", undefined)).toBe("138****5678");
  });
});

describe("overlapping and adjacent matches", () => {
  it("masks an ID right after an address detail as two matches", () => {
    const text = `家住源城区大同路88号${ID18}`;
    expect(found(text)).toEqual(["address:88号", `id_number:${ID18}`]);
    expect(maskPersonalData(text)).toBe("家住源城区大同路**号4416************38");
  });

  it("lets a known value that contains an ID win as one match", () => {
    const value = `大同路88号，身份证${ID18}`;
    const text = `住址${value}。`;
    expect(kinds(text, { knownValues: [value] })).toEqual(["known"]);
    expect(maskPersonalData(text, { knownValues: [value] })).toBe("住址***。");
  });

  it("stars the uncovered rest of a partly overlapping match", () => {
    // The known value "大同路88号" and the detail "88号3栋2单元501室" overlap on "88号".
    const out = maskPersonalData("源城区大同路88号3栋2单元501室", { knownValues: ["大同路88号"] });
    expect(out).toBe("源城区*****号*栋*单元***室");
    expect(out).not.toMatch(/[0-9]|大同路/);
  });

  it("keeps a pattern name that contains a known name as one match", () => {
    expect(found("我叫张伟明", { knownNames: ["张伟"] })).toEqual(["name:张伟明"]);
    expect(maskPersonalData("我叫张伟明", { knownNames: ["张伟"] })).toBe("我叫张**");
  });

  it("reports matches in text order without overlaps", () => {
    const text = `联系人：张伟，手机138-1234-5678，邮箱zw@example.com，身份证${ID18}，卡号${CARD16}，住大同路88号3栋2单元501室`;
    const matches = findPersonalData(text);
    expect(matches.map((m) => m.kind)).toEqual(["name", "phone", "email", "id_number", "bank_card", "address"]);
    for (let k = 1; k < matches.length; k++) expect(matches[k]!.start).toBeGreaterThanOrEqual(matches[k - 1]!.end);
  });
});

describe("false positives in ordinary petition text", () => {
  const prose = [
    "2026年11月27日，市交通运输局答复：新增2,160个学位，投放100辆新能源公交车，优化10条线路，总投资3.5亿元。",
    "K12路、1路、3路每天07:30发车，准点率提升到98.5%，满意率95%。",
    "查询编号HY20261127000123，查询码A7K9Q2。",
    "源城区、东源县政府和市交通运输局联合办理，王府井商场周边道路已整改。",
    "来信于2026-11-27受理，办理时限为60日，超期3天亮红灯。",
    "十件实事第3号：新建5所学校，改造12个老旧小区。",
  ];
  it.each(prose)("leaves %s unchanged", (text) => {
    expect(findPersonalData(text)).toEqual([]);
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe("idempotence", () => {
  const samples: [string, MaskOptions?][] = [
    [`我叫张伟，手机138-1234-5678，座机0762-3388123，身份证${ID18_X}，卡号${CARD19}，邮箱zw@example.com。`],
    ["家住源城区大同路88号3栋2单元501室，东源县仙塘镇红光村12号，新江街道文明路华景花园6幢1802。"],
    ["欧阳明华女士和张伟先生一起来信，联系人：李明华。"],
    ["张伟来信，微信hy_laobaixing", { knownNames: ["张伟"], knownValues: ["hy_laobaixing"] }],
    ["电话13812345678，尾号5678", { knownValues: ["5678"] }],
    ["源城区大同路88号3栋2单元501室", { knownValues: ["大同路88号"] }],
    ["TEL13812345678，1381 234 5678，138.1234.5678，138 - 1234 - 5678，138\u200B12345678"],
    [`NO${ID18}，身份证441602199001011234，卡号HY${CARD16}`],
    ["投诉人王小明说，王小明反映，我是陈大文，被投诉人李四，举报人：赵六。"],
    ["关于王小明反映K12路公交车不准点的答复"],
  ];
  it.each(samples)("masking %s twice gives the same text", (text, opts) => {
    const once = maskPersonalData(text, opts);
    expect(once).not.toBe(text);
    expect(maskPersonalData(once, opts)).toBe(once);
  });

  it("finds nothing left in masked text", () => {
    for (const [text, opts] of [...samples.slice(0, 3), ...samples.slice(6)]) {
      expect(findPersonalData(maskPersonalData(text, opts), opts)).toEqual([]);
    }
  });
});

describe("robustness", () => {
  it("handles the empty string", () => {
    expect(maskPersonalData("")).toBe("");
    expect(findPersonalData("")).toEqual([]);
    expect(maskPersonalData("", { knownNames: ["张伟"], knownValues: ["x"] })).toBe("");
  });

  it("does not throw on non-string input", () => {
    expect(maskPersonalData(undefined as unknown as string)).toBe("");
    expect(findPersonalData(null as unknown as string)).toEqual([]);
  });

  it("leaves text without personal data unchanged, including odd characters", () => {
    const text = "😀 emoji, \u0000 NUL, lone \ud800 surrogate, 𠮷野家, ＊＊＊, ***";
    expect(maskPersonalData(text)).toBe(text);
  });

  it("masks a given name written with a supplementary-plane character", () => {
    expect(maskPersonalData("我叫张𠮷")).toBe("我叫张*");
  });

  const adversarial: [string, string][] = [
    ["digits", "1".repeat(20_000)],
    ["road characters", "路".repeat(20_000)],
    ["road + digit", "路1".repeat(10_000)],
    ["digit + 号", "1号".repeat(10_000)],
    ["unit chain", "1栋2单元".repeat(4_000)],
    ["spaced digits", "1 ".repeat(10_000)],
    ["dashed digits", "13-".repeat(6_667)],
    ["at signs", "@".repeat(20_000)],
    ["a@ pairs", "a@".repeat(10_000)],
    ["long local part", "a".repeat(19_990) + "@qq.com"],
    ["long domain", "a@" + "b.".repeat(9_998)],
    ["titles", "张伟先生".repeat(5_000)],
    ["contexts", "我叫张".repeat(6_667)],
    ["surnames", "欧阳".repeat(10_000)],
    ["phones", "13812345678 ".repeat(1_666)],
    ["dotted phones", "138.1234.5678 ".repeat(1_428)],
    ["spaced dashes", "1 - ".repeat(5_000)],
    ["dots", "1.".repeat(10_000)],
    ["spaced digits with dots", "12 . ".repeat(4_000)],
    ["zero-width between digits", "1\u200B".repeat(10_000)],
    ["zero-width runs", ("1" + "\u200B".repeat(99)).repeat(200)],
    ["zero-width only", "\u200B".repeat(20_000)],
    ["letters and digits", "TEL1".repeat(5_000)],
    ["tracking numbers", "HY20261127000123".repeat(1_250)],
    ["ID-shaped runs", "441602199001011234 ".repeat(1_052)],
    ["party contexts", "投诉人".repeat(6_667)],
    ["party + name", "投诉人王小明".repeat(3_333)],
    ["verbs", "反映".repeat(10_000)],
    ["name + verb", "王小明反映".repeat(4_000)],
    ["我是", "我是陈".repeat(6_667)],
    ["mixed", `我叫张伟，电话138-1234-5678，住大同路88号3栋2单元501室，邮箱a@b.cn，身份证${ID18}。`.repeat(250).slice(0, 20_000)],
  ];
  it.each(adversarial)("returns on a 20,000-character %s input", (_label, text) => {
    const opts = { knownNames: ["张伟"], knownValues: ["11", "路路", "a@"] };
    expect(typeof maskPersonalData(text, opts)).toBe("string");
    expect(Array.isArray(findPersonalData(text, opts))).toBe(true);
  });

  it("stays fast on every adversarial input", () => {
    const opts = { knownNames: ["张伟"], knownValues: ["11", "路路", "a@"] };
    const started = performance.now();
    for (const [, text] of adversarial) maskPersonalData(text, opts);
    // Generous: the point is linear time, not a benchmark (all of them take well under a second).
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("masks every phone number in a long document", () => {
    const line = (k: number) => `第${k}位来信人电话13${k % 10}1234${1000 + k}。`;
    const text = Array.from({ length: 400 }, (_, k) => line(k)).join("");
    const out = maskPersonalData(text);
    expect(out).not.toMatch(/1[3-9][0-9]{9}/);
    expect(out.match(/\*\*\*\*/g)).toHaveLength(400);
  });
});
