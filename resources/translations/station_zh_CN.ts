<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="117"/>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="49"/>
        <location filename="../../station_app/app.py" line="49"/>
        <source>公共法律服务台账</source>
        <extracomment>The daily backup starts when the first screen is done, or this long after the check passed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="109"/>
        <source>程序出错</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="111"/>
        <source>程序遇到意外错误，已记录到日志。已保存的记录不受影响。
如问题反复出现，请把此文件发给技术支持：
{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="146"/>
        <source>自检失败 / self-test failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="148"/>
        <source>自检通过 / self-test passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="158"/>
        <source>公共法律服务工作站台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="281"/>
        <source>正在后台检查数据文件，可以查看记录；检查完成前保存会稍候写入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="438"/>
        <source>今日自动备份未成功：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="47"/>
        <location filename="../../station_app/app.py" line="159"/>
        <source>数据目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="163"/>
        <source>自检后退出（0 = 通过）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/app.py" line="290"/>
        <location filename="../../station_app/app.py" line="332"/>
        <location filename="../../station_app/app.py" line="398"/>
        <source>无法打开台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="17"/>
        <source>工作人员</source>
        <extracomment>What a confirmation must not be signed with: the ledger keeps who confirmed, by name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="25"/>
        <source>确认值班记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="27"/>
        <source>确认后该值班记录将被锁定，不能再修改。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="29"/>
        <source>综治专干或站长姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="31"/>
        <source>确认人  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="32"/>
        <source>确认日期  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="38"/>
        <source>确认并锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="51"/>
        <source>确认人：请填写确认人的姓名，而不是职务</source>
        <extracomment>Set by the page: performs the confirmation, False (with an error shown) if refused.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="38"/>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="71"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="39"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="40"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="41"/>
        <location filename="../../station_app/ui/accounts_page.py" line="261"/>
        <source>所属村(居)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="42"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="45"/>
        <source>站长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="46"/>
        <source>工作站工作人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="47"/>
        <source>综治专干</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="48"/>
        <source>值班律师</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="59"/>
        <location filename="../../station_app/ui/audit_page.py" line="34"/>
        <location filename="../../station_app/ui/main_window.py" line="56"/>
        <source>账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="61"/>
        <source>新增账户…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="63"/>
        <source>重置密码…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="64"/>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="77"/>
        <source>解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="65"/>
        <location filename="../../station_app/ui/accounts_page.py" line="135"/>
        <location filename="../../station_app/ui/accounts_page.py" line="162"/>
        <source>停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="83"/>
        <source>登录策略</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="86"/>
        <source> 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="89"/>
        <location filename="../../station_app/ui/accounts_page.py" line="92"/>
        <source> 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="93"/>
        <source>保存登录策略</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="96"/>
        <source>连续输错密码锁定账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="97"/>
        <source>锁定时长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="98"/>
        <source>无操作自动锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="137"/>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="48"/>
        <source>已锁定</source>
        <extracomment>``done()`` code when the user chose 切换用户 on the lock screen.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="139"/>
        <source>正常</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="162"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="181"/>
        <source>已新增账户。首次登录时，本人须把初始密码改为自己的密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="188"/>
        <source>重置密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="189"/>
        <source>为 {0}（{1}）设置临时密码。对方登录后须立即改为自己的密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="195"/>
        <source>密码已重置，账户已解锁。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="202"/>
        <source>账户已解锁。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="207"/>
        <source>账户已启用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="207"/>
        <source>账户已停用。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="246"/>
        <source>新增账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="259"/>
        <source>姓名  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="260"/>
        <source>角色  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="262"/>
        <source>初始密码  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="263"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="170"/>
        <source>再次输入密码  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="265"/>
        <source>值班律师的姓名须与律师值班日志中的律师姓名一致；综治专干只能看到所属村(居)的台账。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="270"/>
        <source>新增</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="272"/>
        <location filename="../../station_app/ui/confirm_dialog.py" line="39"/>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="352"/>
        <location filename="../../station_app/ui/import_dialog.py" line="98"/>
        <location filename="../../station_app/ui/ledger_page.py" line="137"/>
        <location filename="../../station_app/ui/password_dialogs.py" line="97"/>
        <location filename="../../station_app/ui/report_page.py" line="130"/>
        <location filename="../../station_app/ui/sync_page.py" line="85"/>
        <location filename="../../station_app/ui/void_dialog.py" line="30"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="301"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="298"/>
        <source>两次输入的密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/editors.py" line="52"/>
        <source>未填</source>
        <extracomment>Shown by an optional date field with no date.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/editors.py" line="174"/>
        <source>元</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="136"/>
        <location filename="../../station_app/ui/main_window.py" line="48"/>
        <source>法律咨询</source>
        <extracomment>The navigation, in order: the five ledgers (as ``storage.ledger_specs.LEDGERS``; a test keeps the two in step), then the tools. Known before the store is open.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="146"/>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="344"/>
        <source>手机号或 区号-号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="147"/>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="345"/>
        <source>18位，末位可为X</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="148"/>
        <source>咨询人拒绝提供身份信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="159"/>
        <source>不满意时，核实或纠正的情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="168"/>
        <source>当事人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="180"/>
        <source>单位或住址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="182"/>
        <source>添加当事人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="190"/>
        <source>调解记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="202"/>
        <source>添加调解记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="207"/>
        <source>调查记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="217"/>
        <source>添加调查记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="222"/>
        <source>回访记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="233"/>
        <source>添加回访记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="238"/>
        <source>人民调解案件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="244"/>
        <source>留空则自动编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="251"/>
        <source>多人用、分隔</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="255"/>
        <source>一行一项，不必编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="262"/>
        <source>一行一条，不必编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="267"/>
        <source>留空：当事人数加一</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="282"/>
        <source>服务事项（一事一记）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="291"/>
        <source>添加服务事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="299"/>
        <source>律师值班记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="317"/>
        <source>法治宣传活动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/ledger_forms.py" line="335"/>
        <location filename="../../station_app/ui/main_window.py" line="52"/>
        <source>法律援助初审</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="161"/>
        <source>删除</source>
        <extracomment>The villages (None: 本站) the account may write into; None for all of them. What a new record starts with, by field (接待人: the clerk signed in; 村(居): the account&apos;s village or the last one used). A field absent here starts blank. The station&apos;s services, for what a form prints (the mediation form&apos;s 打印文书). Called when a cell changes (the form checks again what it showed wrong).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="163"/>
        <source>删除这一行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="260"/>
        <source>编辑</source>
        <extracomment>A save came back refused (the errors are on the form) or failed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="260"/>
        <location filename="../../station_app/ui/ledger_page.py" line="90"/>
        <source>新建</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="329"/>
        <source>显示完整号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="331"/>
        <source>查看完整的身份证号和电话号码（每次查看都记入审计日志）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="346"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="349"/>
        <source>保存并新建 (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="409"/>
        <source>该记录已作废（原因：{0}），只能查看。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="412"/>
        <source>该值班记录已由 {0} 于 {1:%Y-%m-%d} 确认，已锁定，不能修改。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="423"/>
        <location filename="../../station_app/ui/import_dialog.py" line="99"/>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="63"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="450"/>
        <source>已显示完整号码。本次查看已记入审计日志。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="456"/>
        <source>已生成：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="513"/>
        <source>无法保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="542"/>
        <source>已保存。继续录入下一条{0}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/record_dialog.py" line="587"/>
        <source>{0}：{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="69"/>
        <source>（拒绝提供）</source>
        <extracomment>How wide each kind of column starts, in CJK characters of the table&apos;s font (a date is 2026-11-28; a name two to four characters). CONTENT columns share what is left. A key of WIDTHS, or CONTENT (free text: stretches to fill the table&apos;s width).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="79"/>
        <source>已确认（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="79"/>
        <source>待确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="49"/>
        <source>星期一</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="50"/>
        <source>星期二</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="51"/>
        <source>星期三</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="52"/>
        <source>星期四</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="53"/>
        <source>星期五</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="54"/>
        <source>星期六</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="55"/>
        <source>星期日</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="84"/>
        <location filename="../../station_app/ui/main_window.py" line="320"/>
        <location filename="../../station_app/ui/main_window.py" line="402"/>
        <source>工作台</source>
        <extracomment>Villages the progress panel shows before it scrolls. A line&apos;s item in the queue tree (its position in the queue&apos;s items). The queue was refreshed: how many items the signed-in account has. A line asks for a page (reports, sync, or a ledger): the window shows it. Ctrl+N while the 工作台 is shown: a new record of the first ledger (the window decides). A line&apos;s record is open in its form (tests and screenshots listen).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="89"/>
        <source>打开选中的待办事项 (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="90"/>
        <source>确认值班</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="91"/>
        <source>综治专干签字确认选中的值班：确认后锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="105"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="85"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="109"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="129"/>
        <location filename="../../station_app/ui/ledger_page.py" line="123"/>
        <location filename="../../station_app/ui/report_page.py" line="257"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="105"/>
        <location filename="../../station_app/ui/home_page.py" line="376"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="86"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="97"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="130"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="144"/>
        <location filename="../../station_app/ui/ledger_page.py" line="125"/>
        <location filename="../../station_app/ui/report_page.py" line="239"/>
        <location filename="../../station_app/ui/settings_page.py" line="61"/>
        <source>村(居)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="105"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="122"/>
        <source>回车打开所选事项；Ctrl+N 新建记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="133"/>
        <source>只计已确认的值班。月、周结束后才评判达标与否；进行中的月、周显示目前已确认的小时数。与统计报表的“达标情况”为同一算法。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="189"/>
        <source>待办读取失败：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="196"/>
        <source>{0}年{1}月{2}日 {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="203"/>
        <source>待办 {0} 项，其中已超期 {1} 项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="205"/>
        <source>今天没有待办事项。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="230"/>
        <source>{0}（{1}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="239"/>
        <source>…… 另有 {0} 项未列出（此处列出最早的 {1} 项；station todo 列出全部）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="302"/>
        <source>无法打开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="373"/>
        <source>本季度进度（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="378"/>
        <source>每月最低(小时)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="380"/>
        <source>每周（街道社区）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="381"/>
        <source>值班达标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="382"/>
        <source>法治宣传（本季度）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="418"/>
        <location filename="../../station_app/ui/home_page.py" line="453"/>
        <source>未开始</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="423"/>
        <source>{0} 小时 · 进行中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="425"/>
        <source>{0} 小时 · 达标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="427"/>
        <source>{0} 小时 · 不足</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="441"/>
        <source>已满 {0}/{1} 周</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="443"/>
        <source>本周 {0} 小时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="444"/>
        <source>，</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="447"/>
        <source>{0} {1}：{2} 小时（{3}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="455"/>
        <source>达标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="457"/>
        <source>不足</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="472"/>
        <source>已开展 {0} 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="475"/>
        <source>尚未开展</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="87"/>
        <source>咨询方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="88"/>
        <source>咨询人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="89"/>
        <source>问题类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="90"/>
        <source>咨询内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="91"/>
        <source>处理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="92"/>
        <source>接待人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="95"/>
        <source>案号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="96"/>
        <source>受理日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="99"/>
        <source>纠纷类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="103"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="145"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="104"/>
        <source>被申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="105"/>
        <source>调解结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="106"/>
        <source>结案日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="110"/>
        <source>地点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/confirm_dialog.py" line="17"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="111"/>
        <source>律师</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="112"/>
        <source>律师事务所</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="33"/>
        <location filename="../../station_app/ui/ledger_columns.py" line="113"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="35"/>
        <source>操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="38"/>
        <source>详情</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="119"/>
        <location filename="../../station_app/ui/audit_page.py" line="174"/>
        <location filename="../../station_app/ui/main_window.py" line="57"/>
        <source>审计日志</source>
        <extracomment>Emitted with a message when an export or a check has finished (tests listen).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="121"/>
        <location filename="../../station_app/ui/home_page.py" line="92"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="122"/>
        <source>导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="123"/>
        <source>校验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="124"/>
        <source>检查审计日志是否被改动、插入或删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="171"/>
        <source>共 {0} 条，最新的在前</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="177"/>
        <source>导出审计日志</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="179"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="200"/>
        <source>已导出 {0} 条审计记录到 {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="205"/>
        <source>正在校验…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="217"/>
        <source>校验通过：审计日志完整，共 {0} 条，未发现改动。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="222"/>
        <source>
……共 {0} 处</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="223"/>
        <source>校验未通过：审计日志被改动过！
{0}{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="231"/>
        <source>操作失败，请重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="115"/>
        <source>时长(小时)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="121"/>
        <source>服务事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="126"/>
        <location filename="../../station_app/ui/ledger_page.py" line="96"/>
        <source>确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="131"/>
        <source>活动形式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="132"/>
        <source>主题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="133"/>
        <source>主讲人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="135"/>
        <source>参加人数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="143"/>
        <source>申请日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="146"/>
        <source>事项类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="148"/>
        <source>经济困难依据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="153"/>
        <source>初审意见</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_columns.py" line="155"/>
        <source>转送日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="62"/>
        <source>全部</source>
        <extracomment>Searches that take longer than this show a progress bar with a cancel button. The rest of the ids are read once the first screenful is painted, or after this at most. Ids fetched before anything else: a few screens&apos; worth. Records read with them at most: more than a screenful at 1080 px (28 px a row). Fewer in a smaller window: as many rows as its height holds (``first_screen``).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="36"/>
        <location filename="../../station_app/ui/ledger_page.py" line="87"/>
        <location filename="../../station_app/ui/report_page.py" line="257"/>
        <location filename="../../station_app/ui/sync_page.py" line="118"/>
        <source>台账</source>
        <extracomment>Emitted with the number of rows after every query (tests and the status bar listen). The count and the first screenful are on screen (the rest of the ids may follow). The page has had a size of its own (``first_screen`` measures the table then).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="92"/>
        <source>新建记录 (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="88"/>
        <location filename="../../station_app/ui/ledger_page.py" line="93"/>
        <source>打开</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="94"/>
        <source>查看或编辑选中的记录 (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="95"/>
        <location filename="../../station_app/ui/void_dialog.py" line="29"/>
        <source>作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="97"/>
        <source>综治专干签字确认：确认后锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="118"/>
        <source>搜索姓名、内容、案号…（Ctrl+F）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="120"/>
        <source>清除筛选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="124"/>
        <source>至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="303"/>
        <source>已取消查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="326"/>
        <source>{0} 条以上，正在读取其余记录…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="361"/>
        <source>共 {0} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="373"/>
        <source>查询失败：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/audit_page.py" line="37"/>
        <location filename="../../station_app/ui/ledger_page.py" line="468"/>
        <location filename="../../station_app/ui/sync_page.py" line="118"/>
        <source>记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/ledger_page.py" line="473"/>
        <source>无法作废</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="53"/>
        <location filename="../../station_app/ui/report_page.py" line="60"/>
        <source>统计报表</source>
        <extracomment>The table shown on screen changed (tests and screenshots listen). A file was written: its path.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="49"/>
        <source>人民调解</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="50"/>
        <source>律师值班</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="51"/>
        <source>法治宣传</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="54"/>
        <source>同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="145"/>
        <source>本机录入或修改、尚未送到县中心的台账记录（同步页另列本站设置的变更）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="348"/>
        <source>修改密码…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="351"/>
        <source>退出登录/切换用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="413"/>
        <source>{0} — {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="66"/>
        <source>同步到县中心</source>
        <extracomment>How often the page looks whether an automatic sync is due (the schedule says when). A sync run ended: its SyncReport. How hard a run retries a bad link (SyncConfig); None: the client&apos;s defaults.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="75"/>
        <source>县中心服务器</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="76"/>
        <source>待上传</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="77"/>
        <source>上次成功同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="78"/>
        <source>结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="80"/>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="93"/>
        <source>本机登记（每台电脑一次）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="96"/>
        <source>县中心提供的地址，如 https://gflfw.example.gov.cn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="99"/>
        <source>县中心提供的一次性登记码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="103"/>
        <source>县中心自建证书时提供的 ca.pem；使用正式证书的县中心不必填</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="105"/>
        <source>选择…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="109"/>
        <source>登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="111"/>
        <source>服务器地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="112"/>
        <source>登记码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="113"/>
        <source>县中心证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="118"/>
        <source>原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="123"/>
        <source>冲突：保留本机版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="124"/>
        <source>冲突：采用县中心版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="136"/>
        <source>被县中心退回或有冲突的记录（修改后重新保存即会再次上传）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="178"/>
        <source>（本机尚未登记）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="179"/>
        <source>{0} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="180"/>
        <source>从未</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="191"/>
        <source>冲突</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="191"/>
        <source>退回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="226"/>
        <source>正在同步…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="272"/>
        <source>{0}（{1} 分钟后自动再试）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="290"/>
        <source>已取消；未上传的记录仍保存在本机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="294"/>
        <source>选择县中心证书文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="294"/>
        <source>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="307"/>
        <source>请填写服务器地址和登记码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="310"/>
        <source>正在登记…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="326"/>
        <source>登记成功：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sync_page.py" line="339"/>
        <source>退回的记录请在台账中修改后重新保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="55"/>
        <location filename="../../station_app/ui/settings_page.py" line="41"/>
        <source>设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="173"/>
        <source>版本 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="342"/>
        <source>文件(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="343"/>
        <source>导入台账…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="402"/>
        <source>工作台（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="403"/>
        <source>待办：{0} 项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="411"/>
        <source>当前用户：{0}（{1}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="425"/>
        <source>待上传县中心：{0} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="48"/>
        <source>数据库文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="53"/>
        <source>如 https://gflfw.example.gov.cn（由县中心提供）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="54"/>
        <source>备份目录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="55"/>
        <source>县中心服务器地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="58"/>
        <source>工作站</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="61"/>
        <source>（无）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="70"/>
        <source>调解文书上的委员会名称；留空则为“{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="72"/>
        <source>人民调解委员会名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="73"/>
        <source>保存设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="94"/>
        <source>身份证号和电话号码加密保存，密钥存放在本机系统中。换电脑或从备份恢复时需要恢复密钥，请站长抄写在纸上并远离电脑保管。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="99"/>
        <source>查看恢复密钥…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="114"/>
        <source>无法显示恢复密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/settings_page.py" line="129"/>
        <source>设置已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="393"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="42"/>
        <source>镇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="393"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="43"/>
        <source>街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="52"/>
        <source>工作站名称</source>
        <extracomment>Makes the store and the station: (station, head, head&apos;s password) -&gt; the station made. The dialog&apos;s own name for each field the domain may complain about (the domain says 姓名 where this form asks for 站长姓名).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="53"/>
        <source>所属区县</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="58"/>
        <source>登录密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="109"/>
        <source>首次使用：创建本站台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="110"/>
        <source>欢迎使用公共法律服务工作站台账。请填写本站信息，完成后即可开始录入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="115"/>
        <source>如：龙兴镇公共法律服务工作站</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="117"/>
        <source>如：渝北区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="121"/>
        <source>工作站名称  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="122"/>
        <source>所属区县  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="123"/>
        <source>类型  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="129"/>
        <source>村(居)公共法律服务工作室（按上报顺序）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="133"/>
        <source>村(居)名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="133"/>
        <source>类型（决定律师最低服务时长）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="141"/>
        <source>输入村(居)名称后按回车添加</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="142"/>
        <source>添加</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="143"/>
        <source>删除选中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="155"/>
        <source>站长账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="162"/>
        <source>站长姓名  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="168"/>
        <source>登录密码  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="258"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="163"/>
        <source>登录用户名  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="182"/>
        <source>创建台账</source>
        <extracomment>What concerns no single field (the store refused, say).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/damaged_store_dialog.py" line="48"/>
        <source>数据文件已损坏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/damaged_store_dialog.py" line="50"/>
        <source>本机的台账数据文件已损坏，无法打开。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/damaged_store_dialog.py" line="55"/>
        <source>可以从最新的完好备份恢复：
备份时间：{0}
备份文件：{1}

恢复后，该时间之后录入的记录需要重新录入。
损坏的文件不会删除，保留在：{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/damaged_store_dialog.py" line="65"/>
        <source>备份目录中没有完好的备份可以恢复。
损坏的文件位于：{0}

请不要删除或改动该文件，并联系技术支持。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/damaged_store_dialog.py" line="77"/>
        <source>恢复此备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/damaged_store_dialog.py" line="80"/>
        <location filename="../../station_app/ui/main_window.py" line="356"/>
        <location filename="../../station_app/ui/missing_key_dialog.py" line="66"/>
        <location filename="../../station_app/ui/session_flow.py" line="56"/>
        <location filename="../../station_app/ui/session_flow.py" line="88"/>
        <location filename="../../station_app/ui/session_flow.py" line="108"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="184"/>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="80"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/damaged_store_dialog.py" line="110"/>
        <source>恢复失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/damaged_store_dialog.py" line="116"/>
        <source>已从 {0} 的备份恢复台账；损坏的文件保留为 {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/setup_dialog.py" line="256"/>
        <source>社区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/void_dialog.py" line="14"/>
        <source>作废记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/void_dialog.py" line="17"/>
        <source>作废后，这条{0}不再计入台账和统计，但会保留记录并上报县中心。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/void_dialog.py" line="19"/>
        <source>作废原因  *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/void_dialog.py" line="22"/>
        <source>如：重复录入、录入错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/void_dialog.py" line="24"/>
        <source>请填写作废原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="67"/>
        <source>第{0}季度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="70"/>
        <source>全站（各村(居)及工作站本级）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="73"/>
        <source>生成统计表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="75"/>
        <source>导出 Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="76"/>
        <source>导出 PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="77"/>
        <source>标记为已上报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="79"/>
        <source>上报后再补录或修改的记录，会在下次生成时列为补录/修改清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="85"/>
        <source>年份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="86"/>
        <source>季度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="87"/>
        <source>范围</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="122"/>
        <source>统计表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="123"/>
        <source>达标情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="124"/>
        <source>补录/修改清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="175"/>
        <source>正在统计{0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="188"/>
        <source>已于 {0:%Y-%m-%d} 标记为已上报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="201"/>
        <source>统计完成：{0} 个单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="203"/>
        <source>；上报后有 {0} 条补录/修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/home_page.py" line="377"/>
        <location filename="../../station_app/ui/report_page.py" line="239"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="54"/>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/compliance_cells.py" line="18"/>
        <source> 未达标</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/compliance_cells.py" line="22"/>
        <location filename="../../station_app/ui/home_page.py" line="451"/>
        <source>进行中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/compliance_cells.py" line="23"/>
        <source>{0:.1f}（进行中）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="257"/>
        <source>单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="257"/>
        <source>变动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="257"/>
        <source>内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="266"/>
        <source>补录/修改清单（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="275"/>
        <source>{0}统计表-{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="282"/>
        <source>保存统计表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="295"/>
        <source>正在保存 {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="316"/>
        <source>已取消，未保存文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="318"/>
        <source>已保存：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/accounts_page.py" line="219"/>
        <location filename="../../station_app/ui/report_page.py" line="321"/>
        <source>已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="321"/>
        <source>统计表已保存。现在打开文件吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="330"/>
        <source>已取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/report_page.py" line="340"/>
        <source>请先生成全站的统计表，再标记为已上报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/main_window.py" line="87"/>
        <source>正在打开本机台账…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="48"/>
        <source>导入旧台账（Excel/WPS 工作簿）</source>
        <extracomment>Ledgers an import may touch: the pages refresh themselves from this notice. The check or the import finished: its ImportResult.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="55"/>
        <source>选择按《台账工作簿》格式整理的 .xlsx 文件。先检查：列出每张表的行数和全部问题；没有错误才能导入，且要么全部导入、要么一条也不写入。重复导入同一文件不会产生重复记录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="60"/>
        <source>尚未选择文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="61"/>
        <source>选择文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="62"/>
        <source>检查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="63"/>
        <source>导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="65"/>
        <source>保存错误报告…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="75"/>
        <location filename="../../station_app/ui/import_dialog.py" line="89"/>
        <source>工作表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="76"/>
        <source>数据行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="77"/>
        <source>可导入/已导入记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="78"/>
        <source>已存在（跳过）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="79"/>
        <source>有错误的行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="89"/>
        <location filename="../../station_app/ui/sync_page.py" line="118"/>
        <source>类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="89"/>
        <source>行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="89"/>
        <source>列</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="89"/>
        <source>问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="110"/>
        <source>各工作表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="112"/>
        <source>问题清单（工作表，行，列：问题）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="130"/>
        <source>选择台账工作簿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="149"/>
        <source>正在检查…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="149"/>
        <source>正在导入…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="188"/>
        <source>已取消，台账未作任何改动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="190"/>
        <source>发现 {0} 个错误，未导入任何记录。请按清单修改工作簿后重新检查。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="194"/>
        <source>错误太多，已停止检查其余的行。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="198"/>
        <source>检查通过：可导入 {0} 条记录，{1} 行已存在将跳过。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="204"/>
        <source>导入完成：新增 {0} 条记录，{1} 行已存在已跳过。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="217"/>
        <source>正在取消…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="222"/>
        <source>-错误报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="224"/>
        <source>保存错误报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/import_dialog.py" line="233"/>
        <source>错误报告已保存：{0}（有问题的单元格已标红）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/self_test.py" line="21"/>
        <source>缺少 Qt 中文翻译 / Qt&apos;s Chinese catalogue is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/self_test.py" line="23"/>
        <source>图标无法显示 / SVG icons cannot be drawn (a Qt plugin is missing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/self_test.py" line="42"/>
        <source>台账一分钟内未显示 / the ledger did not load within a minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/self_test.py" line="44"/>
        <source>主窗口未显示台账记录 / the main window shows no records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/password_dialogs.py" line="27"/>
        <source>密码须为{0}到{1}个字符，同时包含字母和数字，且不能包含用户名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/password_dialogs.py" line="88"/>
        <source>原密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/password_dialogs.py" line="91"/>
        <source>新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/password_dialogs.py" line="92"/>
        <source>再次输入新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/password_dialogs.py" line="95"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/password_dialogs.py" line="120"/>
        <source>两次输入的新密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/missing_key_dialog.py" line="35"/>
        <source>需要恢复密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/missing_key_dialog.py" line="37"/>
        <source>本机找不到这份台账的数据密钥。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/missing_key_dialog.py" line="42"/>
        <source>身份证号和电话号码用数据密钥加密保存；换了电脑或重装系统后，本机没有这把密钥。
请输入站长保存的恢复密钥（形如 ABCD-EFGH-…，共13组），大小写和空格不限。
数据目录：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/missing_key_dialog.py" line="52"/>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="30"/>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="90"/>
        <location filename="../../station_app/ui/settings_page.py" line="90"/>
        <source>恢复密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/missing_key_dialog.py" line="63"/>
        <source>恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="33"/>
        <source>台账已创建。请立即把下面的恢复密钥抄写在纸上，由站长妥善保管，放在远离这台电脑的地方。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="38"/>
        <source>这是本机台账的恢复密钥。请抄写在纸上，由站长妥善保管，放在远离这台电脑的地方。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="54"/>
        <source>身份证号和电话号码在台账中是加密保存的。换电脑、重装系统或从备份恢复时，需要输入这个密钥才能读出它们；丢失后无法找回。不要把密钥和备份文件放在同一个U盘或同一台电脑上。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="61"/>
        <source>复制</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="62"/>
        <source>保存到文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="63"/>
        <source>我已抄好</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="86"/>
        <source>已复制。粘贴保存后请清空剪贴板。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="90"/>
        <source>保存恢复密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="97"/>
        <source>公共法律服务台账 恢复密钥
{0}
请打印或抄写后删除此文件，密钥与备份分开保管。
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="102"/>
        <source>无法保存：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/recovery_key_dialog.py" line="104"/>
        <source>已保存到 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="52"/>
        <source>请设置新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="53"/>
        <source>您的密码是站长设置的临时密码。为保护台账中的个人信息，请先设置只有您知道的新密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="63"/>
        <source>修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="64"/>
        <source>请输入原密码和新密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="82"/>
        <source>设置站长密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="84"/>
        <source>本机台账的站长 {0}（用户名 {1}）还没有登录密码。请先设置密码，以后每次打开台账都要登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="105"/>
        <source>创建站长账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="106"/>
        <source>本机还没有任何账户。请创建站长账户，站长登录后可为其他人新增账户。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="109"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="56"/>
        <source>站长姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_flow.py" line="109"/>
        <location filename="../../station_app/ui/setup_dialog.py" line="57"/>
        <source>登录用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="48"/>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="77"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="53"/>
        <source>请输入用户名和密码登录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="55"/>
        <source>长时间无操作，台账已锁定。请输入 {0} 的密码继续，或切换用户。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="72"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="80"/>
        <source>切换用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/sign_in_dialog.py" line="113"/>
        <source>请输入用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/document_menu.py" line="66"/>
        <source>打印文书</source>
        <extracomment>Characters Windows refuses in a file or folder name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/document_menu.py" line="69"/>
        <source>由本案记录生成调解文书（Word 可修改，PDF 可直接打印）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/document_menu.py" line="76"/>
        <source>整本调解卷宗（PDF）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/document_menu.py" line="77"/>
        <source>打印完整的身份证号和电话号码（记入审计日志）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/older_store_warning.py" line="26"/>
        <source>⚠ 数据文件比本机记录的旧，可能被换成了旧副本：请站长核实</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/older_store_warning.py" line="32"/>
        <source>数据文件比本机记录的旧</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/older_store_warning.py" line="33"/>
        <source>本机的台账数据文件比上次使用时旧：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/older_store_warning.py" line="40"/>
        <source>数据文件不是通过本程序的“从备份恢复”换回的，那之后录入的记录和审计日志可能已经丢失。请站长核实是谁、为什么替换了数据文件；县中心在下次同步时也会看到这一情况。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/platform_libraries.py" line="67"/>
        <source>无法启动图形界面：本机缺少 Qt 需要的系统库。请先运行下面这条命令，再重新启动台账：
sudo apt-get install -y {0}</source>
        <extracomment>The libraries Qt&apos;s xcb platform plugin loads (``ldd libqxcb.so``), each with the Debian and Ubuntu package that holds it. Those every desktop has (libc, GL, fontconfig) are left out.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_guard.py" line="53"/>
        <source>台账已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/session_guard.py" line="58"/>
        <source>为保护台账中的个人信息，长时间无操作后自动锁定。
请在弹出的登录窗口中输入密码后按回车继续；正在填写的内容不会丢失。
看不到登录窗口时，请点击此处。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentMenu</name>
    <message>
        <location filename="../../station_app/ui/forms/document_menu.py" line="28"/>
        <source>调解文书</source>
        <extracomment>Names of the files and their folder, as Chinese as the documents (marked for Linguist).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../station_app/ui/forms/document_menu.py" line="29"/>
        <source>调解卷宗</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../station_app/ui/self_test.py" line="20"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
