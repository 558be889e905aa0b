package data

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Text is an error code's sentence in Vietnamese and in English: what is wrong and
// what to do. A sentence may hold fmt verbs (%v), filled from Error.Args in order.
type Text struct{ Vi, En string }

// Catalogue holds the sentences of every error code a user can cause, and of
// ErrDatabase, the one message for a real database fault. The Vietnamese sentence at
// the place an error is made (Error.Message) may say more about the field; the
// catalogue's is the general one, and the English one is shown when the interface is
// in English.
//
// To add a code: make the error with its Code (and Args for the verbs), add one line
// here in the block of its area, and name the code in the test that provokes it.
// TestErrorCatalogue fails for a code without both sentences or without such a test.
var Catalogue = map[string]Text{
	// Database faults and records in general.
	"ErrDatabase":   {"Có lỗi khi làm việc với cơ sở dữ liệu. Hãy thử lại; nếu vẫn lỗi, chạy “qlhoictl check” và báo cho bộ phận kỹ thuật.", "Something went wrong with the database. Try again; if it keeps failing, run “qlhoictl check” and tell your technical support."},
	"ErrNotFound":   {"Không tìm thấy bản ghi. Có thể bản ghi đã bị xóa; hãy tải lại danh sách.", "The record was not found. It may have been deleted; reload the list."},
	"ErrConflict":   {"Bản ghi vừa được thay đổi ở nơi khác. Hãy mở lại bản ghi để xem nội dung mới rồi sửa tiếp.", "The record was just changed elsewhere. Open it again to see the new content, then continue editing."},
	"ErrCannotOpen": {"Không mở được cơ sở dữ liệu. Hãy kiểm tra đường dẫn và quyền ghi của thư mục, hoặc khôi phục từ bản sao lưu.", "The database cannot be opened. Check the path and that the folder is writable, or restore a backup."},
	"ErrSchemaNewer": {"Cơ sở dữ liệu này do phiên bản qlhoi mới hơn tạo ra. Hãy cài phiên bản qlhoi mới nhất rồi mở lại; dữ liệu không bị thay đổi.",
		"This database was made by a newer qlhoi. Install the latest qlhoi and open it again; the data has not been changed."},
	"ErrBackupFailed":   {"Không ghi được bản sao lưu. Hãy kiểm tra chỗ trống và quyền ghi của thư mục đích.", "The backup could not be written. Check the free space and that the target folder is writable."},
	"ErrBadBackup":      {"Tệp đã chọn không phải bản sao lưu qlhoi dùng được. Dữ liệu hiện tại không bị thay đổi; hãy chọn tệp sao lưu khác.", "The chosen file is not a usable qlhoi backup. The current data has not been changed; choose another backup file."},
	"ErrDemoLoaded":     {"Dữ liệu mẫu đã được nạp vào cơ sở dữ liệu này rồi.", "The sample data is already in this database."},
	"ErrDateInvalid":    {"Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2024.", "The date is not valid. Type it as day/month/year, for example 05/02/2024."},
	"ErrDatesOrder":     {"Ngày kết thúc phải sau ngày bắt đầu.", "The end date must be after the start date."},
	"ErrDateRequired":   {"Chưa nhập ngày.", "The date is missing."},
	"ErrCountNegative":  {"Số lượng không được âm.", "A count cannot be negative."},
	"ErrNumberInvalid":  {"Số không hợp lệ.", "The number is not valid."},
	"ErrAmountNegative": {"Số tiền không được âm.", "An amount of money cannot be negative."},
	"ErrAmountTooLarge": {"Số tiền quá lớn (phải dưới 1 triệu tỷ đồng). Hãy kiểm tra lại; số tiền ghi theo đồng.", "The amount is too large (it must be under 10^15 đồng). Check it; amounts are in đồng."},

	// Associations and their parts.
	"ErrNameRequired":              {"Chưa nhập tên hội.", "The association's name is missing."},
	"ErrNameTooLong":               {"Tên hội quá dài.", "The association's name is too long."},
	"ErrNameNearDuplicate":         {"Tên hội gần trùng với một hội khác cùng phạm vi. Hãy kiểm tra lại; nếu đúng là hội khác, chọn “Vẫn lưu”.", "The name is almost the same as another association's in the same scope. Check it; if it really is a different association, choose “Save anyway”."},
	"ErrScopeInvalid":              {"Phạm vi hoạt động không hợp lệ.", "The scope of activity is not valid."},
	"ErrStatusInvalid":             {"Tình trạng hoạt động không hợp lệ.", "The status is not valid."},
	"ErrFoundingNumberInvalid":     {"Số quyết định thành lập không đúng dạng, ví dụ 123/QĐ-UBND.", "The founding decision number is not in the usual form, for example 123/QĐ-UBND."},
	"ErrCharterNumberInvalid":      {"Số quyết định phê duyệt điều lệ không đúng dạng, ví dụ 123/QĐ-UBND.", "The charter decision number is not in the usual form, for example 123/QĐ-UBND."},
	"ErrCharterBeforeFounding":     {"Ngày phê duyệt điều lệ không thể trước ngày thành lập.", "The charter cannot be approved before the association was founded."},
	"ErrTermDatesOrder":            {"Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", "The term must end after it starts."},
	"ErrTermTooLong":               {"Nhiệm kỳ không được dài quá 5 năm.", "A term cannot be longer than 5 years."},
	"ErrTermBeforeFounding":        {"Nhiệm kỳ không thể bắt đầu trước ngày thành lập hội.", "A term cannot start before the association was founded."},
	"ErrCongressDatesOrder":        {"Ngày đại hội tới phải sau ngày đại hội gần nhất.", "The next congress must come after the last one."},
	"ErrMergedIntoRequired":        {"Hội đã hợp nhất, sáp nhập phải ghi rõ hội tiếp nhận.", "A merged association must name the association it merged into."},
	"ErrEmailInvalid":              {"Địa chỉ thư điện tử không đúng dạng.", "The e-mail address is not valid."},
	"ErrAssociationRequired":       {"Chưa chọn hội.", "No association is chosen."},
	"ErrEventKindInvalid":          {"Loại sự kiện không hợp lệ.", "The kind of event is not valid."},
	"ErrRelatedRequired":           {"Sự kiện hợp nhất, sáp nhập, chia, tách phải ghi rõ hội liên quan.", "A merger, absorption, division or split must name the related associations."},
	"ErrLineageSelf":               {"Hội liên quan không thể là chính hội này.", "An association cannot be related to itself."},
	"ErrLeaderNameRequired":        {"Chưa nhập họ và tên.", "The full name is missing."},
	"ErrPositionRequired":          {"Chưa nhập chức vụ.", "The position is missing."},
	"ErrBirthYearInvalid":          {"Năm sinh không hợp lệ (ví dụ 1965).", "The year of birth is not valid (for example 1965)."},
	"ErrYearInvalid":               {"Năm số liệu không hợp lệ.", "The year of the figures is not valid."},
	"ErrNewMembersExceedMembers":   {"Số hội viên mới không thể lớn hơn tổng số hội viên.", "New members cannot outnumber all members."},
	"ErrPartyMembersExceedMembers": {"Số đảng viên không thể lớn hơn tổng số hội viên.", "Party members cannot outnumber all members."},
	"ErrInspectingBodyRequired":    {"Chưa nhập cơ quan kiểm tra.", "The inspecting body is missing."},
	"ErrContentRequired":           {"Chưa nhập nội dung.", "The content is missing."},

	// Offices, agencies, directives, tasks, the register.
	"ErrOfficeCodeRequired":     {"Chưa nhập mã đơn vị.", "The office code is missing."},
	"ErrOfficeCodeInvalid":      {"Mã đơn vị không hợp lệ.", "The office code is not valid."},
	"ErrOfficeNameRequired":     {"Chưa nhập tên đơn vị.", "The office name is missing."},
	"ErrOfficeLevelInvalid":     {"Cấp của đơn vị không hợp lệ.", "The office level is not valid."},
	"ErrOfficeParentSelf":       {"Đơn vị cấp trên không thể là chính đơn vị này.", "An office cannot be its own superior."},
	"ErrOfficeExists":           {"Cơ sở dữ liệu này đã được thiết lập cho một đơn vị. Hãy dùng tệp cơ sở dữ liệu khác nếu muốn tạo đơn vị mới.", "This database is already set up for an office. Use another database file to set up a new office."},
	"ErrNoOffice":               {"Cơ sở dữ liệu chưa được thiết lập cho đơn vị nào. Hãy thiết lập đơn vị trước.", "The database is not set up for an office yet. Set up the office first."},
	"ErrAgencyNameRequired":     {"Chưa nhập tên cơ quan.", "The agency's name is missing."},
	"ErrAlertSpanInvalid":       {"Hãy nhập một số từ 1 đến 365.", "Type a number from 1 to 365."},
	"ErrHeadingTooLong":         {"Tên trong phần đầu văn bản quá dài.", "A name in the document heading is too long."},
	"ErrSymbolInvalid":          {"Ký hiệu cơ quan chỉ gồm chữ in hoa và chữ số, các nhóm nối bằng dấu gạch, ví dụ BDVTU.", "The issuer code has only capital letters and digits, in groups joined by hyphens, for example BDVTU."},
	"ErrTermStartInvalid":       {"Ngày bắt đầu nhiệm kỳ phải từ năm 1930 đến hôm nay.", "The day the term began must be between 1930 and today."},
	"ErrDocumentNumberRequired": {"Chưa nhập số, ký hiệu văn bản.", "The document number is missing."},
	"ErrDocumentNumberInvalid":  {"Số, ký hiệu văn bản không đúng dạng. Ví dụ đúng: 1234-CV/TU hoặc 56/KH-UBND.", "The document number is not in the usual form, for example 1234-CV/TU or 56/KH-UBND."},
	"ErrIssuerRequired":         {"Chưa nhập cơ quan ban hành.", "The issuing body is missing."},
	"ErrSummaryRequired":        {"Chưa nhập trích yếu nội dung.", "The summary is missing."},
	"ErrDirectiveRequired":      {"Chưa chọn văn bản giao nhiệm vụ.", "No directive is chosen for the task."},
	"ErrLeadRequired":           {"Chưa chọn cơ quan chủ trì.", "No lead agency is chosen."},
	"ErrLeadAlsoCooperating":    {"Cơ quan chủ trì không đồng thời là cơ quan phối hợp.", "The lead agency cannot also be a co-operating agency."},
	"ErrCycleInvalid":           {"Chu kỳ báo cáo không hợp lệ.", "The reporting cycle is not valid."},
	"ErrPercentInvalid":         {"Tiến độ phải từ 0 đến 100%.", "Progress must be between 0 and 100%."},
	"ErrTaskRequired":           {"Chưa chọn nhiệm vụ.", "No task is chosen."},
	"ErrSeriesRequired":         {"Thiếu sổ đăng ký văn bản.", "The document register is missing."},

	// Exchange between offices: cards, bundles, undo.
	"ErrBadCard":         {"Tệp thẻ đơn vị bị hỏng hoặc không phải thẻ đơn vị qlhoi. Hãy xin đơn vị kia gửi lại thẻ.", "The office card file is damaged or not a qlhoi office card. Ask the other office to send its card again."},
	"ErrCardNewer":       {"Thẻ đơn vị do phiên bản qlhoi mới hơn tạo. Hãy cập nhật qlhoi.", "The office card was made by a newer qlhoi. Update qlhoi."},
	"ErrCardFingerprint": {"Dấu nhận dạng của thẻ không khớp với khóa trong thẻ: thẻ có thể đã bị sửa. Không tin cậy thẻ này.", "The card's fingerprint does not match its key: the card may have been altered. Do not trust it."},
	"ErrOwnCard":         {"Đây là thẻ của chính đơn vị này.", "This is this office's own card."},
	"ErrNotTrusted":      {"Đơn vị gửi chưa được tin cậy (hoặc đã bị thu hồi tin cậy). Hãy nhập thẻ đơn vị của họ và đối chiếu dấu nhận dạng qua điện thoại.", "The sending office is not trusted (or no longer trusted). Import its office card and check the fingerprint by telephone."},
	"ErrNotABundle":      {"Tệp này không phải gói dữ liệu qlhoi. Hãy chọn đúng tệp .qlb.", "This file is not a qlhoi data bundle. Choose the right .qlb file."},
	"ErrNewerFormat":     {"Gói dữ liệu do phiên bản qlhoi mới hơn tạo ra. Hãy cập nhật qlhoi rồi nhập lại.", "The bundle was made by a newer qlhoi. Update qlhoi and import it again."},
	"ErrTooLarge":        {"Gói dữ liệu vượt giới hạn kích thước cho phép. Không nhập gói này.", "The bundle is larger than allowed. Do not import it."},
	"ErrBadEntry":        {"Gói dữ liệu chứa tệp lạ hoặc đường dẫn không hợp lệ. Không nhập gói này.", "The bundle holds an unexpected file or path. Do not import it."},
	"ErrCannotDecrypt":   {"Không giải mã được gói dữ liệu bằng khóa của đơn vị này: gói bị hỏng hoặc được mã hóa cho đơn vị khác.", "The bundle cannot be decrypted with this office's key: it is damaged or meant for another office."},
	"ErrBadSignature":    {"Chữ ký không hợp lệ — gói có thể đã bị sửa. Không nhập gói này; hãy xin đơn vị gửi xuất lại.", "The signature is not valid — the bundle may have been altered. Do not import it; ask the sender to export it again."},
	"ErrWrongOffice":     {"Gói dữ liệu không phải gửi cho đơn vị này.", "The bundle is not addressed to this office."},
	"ErrDamaged":         {"Gói dữ liệu bị hỏng. Hãy xin đơn vị gửi xuất lại.", "The bundle is damaged. Ask the sender to export it again."},
	"ErrMalformed":       {"Gói dữ liệu chứa bản ghi không đúng dạng. Hãy xin đơn vị gửi xuất lại.", "The bundle holds a malformed record. Ask the sender to export it again."},
	"ErrCannotRead":      {"Không đọc được tệp gói dữ liệu. Hãy kiểm tra USB và đường dẫn.", "The bundle file cannot be read. Check the USB stick and the path."},
	"ErrCannotWrite":     {"Không ghi được gói dữ liệu vào thư mục đã chọn. Hãy kiểm tra USB còn chỗ trống, không bị khóa ghi, rồi thử lại.", "The bundle cannot be written to the chosen folder. Check the USB stick has room and is not write-protected, then try again."},
	"ErrNothingToUndo":   {"Không có lần nhập gói dữ liệu nào để hoàn tác.", "There is no import to undo."},

	// A clerk's working day (issue 8): agencies, directives, tasks, the register.
	"ErrDateNotReal":        {"Ngày đã nhập không có thật (ví dụ 31/02). Hãy kiểm tra lại ngày và tháng.", "That day does not exist (for example 31/02). Check the day and the month."},
	"ErrAgencyKindInvalid":  {"Loại cơ quan không hợp lệ. Chọn: cơ quan Đảng, Nhà nước, Mặt trận, đoàn thể, hội hoặc cấp ủy cấp dưới.", "The kind of agency is not valid. Choose Party body, State body, Front or mass organisation, association, or lower-level committee."},
	"ErrAgencyMergeSelf":    {"Không thể hợp nhất một cơ quan vào chính nó.", "An agency cannot be merged into itself."},
	"ErrAgencyMergeRetired": {"Cơ quan nhận đã thôi hoạt động. Hãy chọn cơ quan đang hoạt động để hợp nhất vào.", "The receiving agency is retired. Choose an active agency to merge into."},
	"ErrDirectiveHasTasks":  {"Văn bản này còn %v nhiệm vụ. Hãy xóa hoặc chuyển các nhiệm vụ đó sang văn bản khác trước khi xóa văn bản.", "This directive still has %v tasks. Delete them or move them to another directive before deleting it."},
	"ErrParentDeleted":      {"Bản ghi này thuộc một văn bản hoặc nhiệm vụ đã bị xóa. Hãy khôi phục văn bản, nhiệm vụ đó trước.", "This record belongs to a deleted directive or task. Restore that first."},
	"ErrParentRequired":     {"Đơn vị cấp huyện, cấp xã phải ghi mã đơn vị cấp trên (ví dụ QT), để trao đổi dữ liệu đúng phạm vi.", "A district or commune office must give its parent office's code (for example QT), so that exchange keeps to its scope."},
	"ErrAlreadyCancelled":   {"Số văn bản này đã được hủy trước đây.", "This number was already cancelled."},
	"ErrPlaceholderLeft":    {"Phần “%v” còn chữ mẫu %v. Hãy viết nội dung hoặc xóa chữ mẫu rồi mới cấp số; bản dự thảo thì vẫn tạo được.", "The section “%v” still holds the template text %v. Write it or delete the template text before issuing a number; a draft can still be made."},
	"ErrNumberTaken":        {"Số %v vừa được cấp cho văn bản khác; số tiếp theo là %v. Hãy bấm tạo lại để xem và xác nhận số mới.", "Number %v was just given to another document; the next is %v. Make the report again to see and confirm the new number."},

	// Exchange you can trust (issue 9): streams, cards, encrypted backups.
	"ErrBadSeq":             {"Số thứ tự của gói dữ liệu không hợp lệ (phải từ 1 đến 10.000.000). Không nhập gói này; hãy báo đơn vị gửi kiểm tra phần mềm.", "The bundle's sequence number is not valid (it must be from 1 to 10,000,000). Do not import it; ask the sender to check their software."},
	"ErrSeqReused":          {"Đã nhập một gói khác có cùng số thứ tự từ đơn vị này: gói này không thay được gói đã nhập. Hãy đối chiếu phiếu gửi với đơn vị gửi.", "Another bundle with the same sequence number from this office was already imported; this one cannot replace it. Compare the handover slips with the sender."},
	"ErrBundleClosed":       {"Gói dữ liệu đã đóng. Hãy chọn và kiểm tra lại tệp gói.", "The bundle is closed. Choose and verify the bundle file again."},
	"ErrCardOld":            {"Thẻ đơn vị này do phiên bản qlhoi cũ tạo, dấu nhận dạng chưa bảo vệ tên và cấp trên của đơn vị. Hãy xin đơn vị đó cập nhật qlhoi rồi xuất lại thẻ.", "This office card was made by an older qlhoi whose fingerprint does not protect the office's name and parent. Ask that office to update qlhoi and export its card again."},
	"ErrCardKeyChanged":     {"Đơn vị này đã được tin cậy với một khóa khác; thẻ có thể là giả. Chỉ thay khóa khi đã gọi điện xác nhận, rồi chọn thay khóa và nhập dấu nhận dạng cũ.", "This office is trusted with another key; the card may be forged. Replace the key only after confirming by phone, then choose to replace it and type the old fingerprint."},
	"ErrReplaceFingerprint": {"Dấu nhận dạng cũ không khớp với khóa đang tin cậy của đơn vị này. Hãy đối chiếu lại trong danh sách đơn vị tin cậy.", "The old fingerprint does not match the key this office is trusted with. Check it in the list of trusted offices."},
	"ErrBackupEncrypted":    {"Bản sao lưu này được mã hóa. Hãy nhập mật khẩu đã đặt khi sao lưu.", "This backup is encrypted. Type the passphrase set when it was made."},
	"ErrBackupPassphrase":   {"Mật khẩu không mở được bản sao lưu. Hãy nhập lại đúng mật khẩu đã đặt khi sao lưu; dữ liệu hiện tại không bị thay đổi.", "The passphrase does not open the backup. Type the passphrase set when it was made; the current data has not been changed."},
	"ErrWeakPassphrase":     {"Mật khẩu sao lưu phải có ít nhất 10 ký tự. Hãy chọn một câu dễ nhớ, khó đoán và ghi giữ nơi an toàn.", "The backup passphrase must have at least 10 characters. Choose a sentence easy to remember and hard to guess, and keep it safe."},

	// Reports (issue 11).
	"ErrUnknownReport":       {"Không có loại báo cáo này. Gõ “qlhoictl report list” để xem các loại báo cáo.", "There is no such report. Type “qlhoictl report list” to see the reports."},
	"ErrUnknownProfile":      {"Thể thức phải là “state” (văn bản hành chính) hoặc “party” (văn bản Đảng).", "The format must be “state” (administrative document) or “party” (Party document)."},
	"ErrNoAssociations":      {"Chưa có hội nào để lập hồ sơ.", "There is no association to make a file of."},
	"ErrNoDirectives":        {"Chưa có văn bản chỉ đạo nào để báo cáo.", "There is no directive to report on."},
	"ErrNothingToRemind":     {"Đến ngày %v không có nhiệm vụ quá hạn hoặc sắp đến hạn nào để đôn đốc.", "On %v no task is overdue or due soon: there is nothing to remind of."},
	"ErrReminderNeedsAgency": {"Mỗi công văn được cấp một số: hãy chọn một cơ quan để cấp số, hoặc tạo bản dự thảo cho tất cả các cơ quan.", "Each letter takes its own number: choose one agency to issue it to, or make drafts for all agencies."},
	"ErrWriteReport":         {"Không ghi được tệp báo cáo vào thư mục đã chọn. Hãy kiểm tra chỗ trống và quyền ghi rồi thử lại.", "The report file cannot be written to the chosen folder. Check the free space and that it is writable, then try again."},
	"ErrCancelled":           {"Đã dừng theo yêu cầu. Hãy làm lại khi cần.", "Stopped as you asked. Start again when needed."},
	"ErrNotPending":          {"Đơn vị %v không có trong danh sách chờ xác nhận tin cậy.", "Office %v is not waiting for its trust to be confirmed."},
	"ErrBackupOtherOffice":   {"Bản sao lưu này của đơn vị %v, không phải của đơn vị %v. Dữ liệu hiện tại không bị thay đổi; hãy chọn bản sao lưu của đơn vị mình (chuyển dữ liệu sang máy mới: khôi phục trên máy chưa thiết lập).", "This backup belongs to office %v, not to office %v. The current data has not been changed; choose your own office's backup (to move to a new machine, restore on a machine not yet set up)."},
	"ErrReportInFuture":      {"Ngày báo cáo %v sau hôm nay (%v). Hãy ghi ngày đã báo cáo.", "The report is dated %v, after today (%v). Enter the day it was reported."},
	"ErrChangedSincePreview": {"Dữ liệu đã thay đổi sau lần xem trước. Hãy bấm Kiểm tra để xem trước lại rồi mới nhập.", "The data changed after the preview. Press Check to preview again, then import."},
	"ErrNoSpace":             {"Ổ đĩa chứa dữ liệu không đủ chỗ trống để nhập gói này (cần khoảng %v MB). Hãy giải phóng chỗ trống rồi nhập lại; dữ liệu không thay đổi.", "The data disk has not enough free space to import this bundle (about %v MB needed). Free some space and import again; nothing was changed."},
	"ErrTextTooLong":         {"Trường “%v” dài quá %v ký tự (có %v ký tự); hãy rút gọn.", "The field “%v” is longer than %v characters (it has %v); shorten it."},
	"ErrKeepBackupsInvalid":  {"Số bản sao lưu tự động giữ lại là một số từ 1 đến 100.", "The number of automatic backups kept is a number from 1 to 100."},
	"ErrPendingMismatch":     {"Khóa hoặc thông tin của đơn vị %v trong bản sao lưu không khớp với dấu nhận dạng (tệp có thể đã bị sửa). Không tin cậy theo bản sao lưu; hãy nhập lại thẻ đơn vị của họ.", "The keys or details of office %v in the backup do not match its fingerprint (the file may have been edited). It is not trusted from the backup; import their office card again."},
	"ErrFigureYearTaken":     {"Hội này đã có số liệu năm %v. Hãy sửa dòng của năm đó thay vì thêm dòng mới.", "This association already has figures for %v. Edit that year's row instead of adding a new one."},
	"ErrBusy":                {"Đang làm một việc khác; hãy chờ việc đó xong (hoặc bấm Hủy) rồi làm lại.", "Another task is running; wait for it to end (or press Cancel), then try again."},
	// Refusals that used to reach the user as a database fault (issue 11).
	"ErrUndoBlocked": {"Không hoàn tác được: %v bản ghi đã được sửa sau lần nhập này (%v). Hãy xử lý các bản ghi đó trước.", "The import cannot be undone: %v records were changed after it (%v). Deal with those records first."},
	// Spreadsheets in and out (issue 13).
	"ErrSheetUnreadable":        {"Không đọc được tệp bảng tính (tệp hỏng hoặc không phải bảng tính). Hãy mở lại bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập lại.", "The spreadsheet cannot be read (the file is damaged or not a spreadsheet). Open it in Excel or LibreOffice, save it as .xlsx and import it again."},
	"ErrSheetEncrypted":         {"Tệp bảng tính có đặt mật khẩu nên không đọc được. Hãy bỏ mật khẩu trong Excel, lưu lại rồi nhập.", "The spreadsheet is password-protected and cannot be read. Remove the password in Excel, save it and import it again."},
	"ErrSheetLegacyXLS":         {"Tệp là bảng tính Excel 5.0/95 hoặc cũ hơn, chưa đọc được. Hãy mở bằng Excel hoặc LibreOffice, lưu thành .xlsx rồi nhập tệp .xlsx.", "The file is an Excel 5.0/95 or older workbook, which cannot be read. Open it in Excel or LibreOffice, save it as .xlsx and import the .xlsx file."},
	"ErrSheetTooLarge":          {"Tệp bảng tính quá lớn (hoặc giải nén ra quá lớn). Hãy tách danh sách thành nhiều tệp nhỏ hơn.", "The spreadsheet is too large (or unpacks too large). Split the list into smaller files."},
	"ErrSheetTooManyRows":       {"Trang tính có quá nhiều dòng, cột hoặc ô. Hãy tách danh sách thành nhiều tệp nhỏ hơn hoặc xóa các cột thừa.", "The sheet has too many rows, columns or cells. Split the list into smaller files or delete the extra columns."},
	"ErrSheetNotFound":          {"Tệp không có trang tính đã chỉ định (hoặc không có trang nào đang hiện). Hãy chọn một trang tính có trong tệp.", "The file has no such sheet (or no visible sheet). Choose a sheet the file has."},
	"ErrSheetEmpty":             {"Trang tính không có dòng dữ liệu nào.", "The sheet has no data rows."},
	"ErrSheetFormat":            {"Tệp không phải bảng tính .xlsx hay tệp CSV đúng dạng. Hãy mở bằng Excel rồi lưu lại.", "The file is not a proper .xlsx spreadsheet or CSV file. Open it in Excel and save it again."},
	"ErrSheetNoHeader":          {"Không tìm thấy dòng tiêu đề cột trong các dòng đầu của trang tính. Hãy kiểm tra trang tính, hoặc ghép cột bằng tay.", "No row of column headings was found at the top of the sheet. Check the sheet, or map the columns by hand."},
	"ErrSheetMapInvalid":        {"Cách ghép cột không đúng (không có cột hoặc trường đó). Ví dụ đúng: --map \"Cột E=term_end; Cột F=-\".", "The column mapping is not valid (no such column or field). A valid example: --map \"Cột E=term_end; Cột F=-\"."},
	"ErrSheetMapDuplicate":      {"Hai cột cùng ghép vào một trường. Hãy bỏ qua một trong hai cột.", "Two columns are mapped to the same field. Skip one of them."},
	"ErrSheetKind":              {"Loại dữ liệu nhập phải là hoi, leaders, figures hoặc tasks.", "The kind of data to import must be hoi, leaders, figures or tasks."},
	"ErrSheetDirectiveRequired": {"Nhập nhiệm vụ cần chỉ rõ văn bản chỉ đạo có trong cơ sở dữ liệu (--directive MÃ).", "Importing tasks needs a directive that is in the database (--directive ID)."},
	"ErrSheetNothingToApply":    {"Không có dòng nào để thêm mới hay cập nhật; cơ sở dữ liệu không thay đổi.", "There is no row to add or update; the database is unchanged."},
	"ErrNothingToUndoSheet":     {"Không có lần nhập bảng tính nào để hoàn tác.", "There is no spreadsheet import to undo."},
	"ErrSaveLocation":           {"Không tạo được tệp ở chỗ đã chọn. Trong hộp thoại, hãy chọn thư mục rồi chỉ gõ tên tệp (không gõ cả đường dẫn), và kiểm tra thư mục cho phép ghi.", "The file cannot be made where chosen. In the dialog, choose the folder, then type only the file name (not a whole path), and check that the folder is writable."},
	"ErrExportFailed":           {"Không ghi được tệp Excel. Hãy kiểm tra chỗ trống và quyền ghi của thư mục, và đóng tệp nếu đang mở bằng Excel.", "The Excel file cannot be written. Check the free space and that the folder is writable, and close the file if it is open in Excel."},

	// Digital signatures (issue 20).
	"ErrSignNoModule":      {"Không nạp được thư viện của thiết bị ký số (PKCS#11). Hãy cài phần mềm đi kèm USB token của nhà cung cấp, hoặc chỉ đường dẫn tệp thư viện.", "The digital-signature device's library (PKCS#11) cannot be loaded. Install the software that came with the USB token, or give the library's path."},
	"ErrSignNoToken":       {"Không thấy thiết bị ký số (USB token). Hãy cắm thiết bị vào máy rồi thử lại.", "No signing device (USB token) was found. Plug it in and try again."},
	"ErrSignWrongPIN":      {"Mã PIN không đúng. Hãy nhập lại; nhập sai nhiều lần thiết bị sẽ bị khóa.", "The PIN is wrong. Type it again; too many wrong PINs lock the device."},
	"ErrSignPINLocked":     {"Thiết bị ký số đã bị khóa vì nhập sai mã PIN nhiều lần. Hãy liên hệ nhà cung cấp chứng thư số.", "The signing device is locked after too many wrong PINs. Contact the certificate provider."},
	"ErrSignCertExpired":   {"Chứng thư số đã hết hạn hoặc chưa có hiệu lực. Hãy gia hạn với nhà cung cấp rồi ký lại.", "The certificate has expired or is not valid yet. Renew it with the provider, then sign again."},
	"ErrSignCertUsage":     {"Chứng thư số này không dùng để ký số văn bản. Hãy chọn chứng thư khác trên thiết bị.", "This certificate is not for signing documents. Choose another certificate on the device."},
	"ErrSignNoCert":        {"Thiết bị ký số không có chứng thư số nào kèm khóa ký.", "The signing device holds no certificate with its key."},
	"ErrSignChooseCert":    {"Trên thiết bị có nhiều chứng thư số: hãy chọn một.", "The device holds several certificates: choose one."},
	"ErrSignNotIssued":     {"Tệp không khớp với văn bản nào trong sổ văn bản đi (chưa cấp số, hoặc đã bị sửa sau khi cấp số hay sau lần ký trước). Chỉ ký đúng tệp PDF được tạo khi cấp số.", "The file matches no document of the register (not issued, or changed since it was issued or last signed). Sign only the PDF made when the number was given."},
	"ErrSignCancelled":     {"Số văn bản này đã bị hủy; không ký văn bản đã hủy số.", "This document's number was cancelled; it cannot be signed."},
	"ErrSignNoPSS":         {"Thiết bị ký số này không ký được theo RSASSA-PSS. Hãy chọn ký theo PKCS#1 v1.5 cho thiết bị này.", "This signing device cannot sign with RSASSA-PSS. Choose PKCS#1 v1.5 for this device."},
	"ErrSignCertWeak":      {"Khóa của chứng thư số ngắn hơn mức Thông tư 15/2025/TT-BKHCN yêu cầu. Hãy dùng chứng thư số mới.", "The certificate's key is shorter than Circular 15/2025/TT-BKHCN requires. Use a new certificate."},
	"ErrSignRoots":         {"Tệp này không chứa chứng thư số gốc nào dùng được.", "This file holds no usable root certificate."},
	"ErrSettingDamaged":    {"Thiết lập ký số bị hỏng; hãy chọn lại trong Cài đặt → Ký số.", "A signing setting is damaged; choose it again in Settings."},
	"ErrSignPDF":           {"Không ký được tệp: tệp PDF hỏng hoặc có dạng chưa hỗ trợ.", "The file cannot be signed: the PDF is damaged or of a form not supported."},
	"ErrSignOtherDocument": {"Tệp này là của văn bản khác trong sổ, không phải văn bản đang chọn; không ký.", "This file is another document of the register, not the one chosen; it is not signed."},
	"ErrSignToken":         {"Thiết bị ký số báo lỗi. Hãy rút thiết bị ra, cắm lại rồi thử lại.", "The signing device reported an error. Unplug it, plug it in again and retry."},
	"ErrAgencyNotAssigned": {"Cơ quan này không được giao nhiệm vụ; hãy chọn cơ quan chủ trì hoặc phối hợp.", "This agency is not assigned the task; choose its lead or a co-operating agency."},
	"ErrSignRoleTwice":     {"Văn bản đã được ký số với tư cách này; không ký lại.", "The document is already signed in this role; it is not signed again."},
	"ErrSignRole":          {"Chưa chọn ký với tư cách nào (người có thẩm quyền, cơ quan hay phụ lục).", "No signing role was chosen (competent person, issuing body or appendix)."},
	"ErrSignPINEmpty":      {"Chưa nhập mã PIN của thiết bị ký số.", "The signing device's PIN was not typed."},
	"ErrNoPrivateKeys":     {"Cơ sở dữ liệu này là bản sao lưu thường, không có khóa bí mật của đơn vị, nên không mở hay gửi được gói dữ liệu.", "This database is a plain backup without the office's secret keys, so it can neither open nor send bundles."},
	"ErrFigureEmpty":       {"Chưa nhập số liệu nào của năm này.", "No figure of the year was entered."},
	"ErrSignFileMissing":   {"Không thấy tệp PDF của văn bản; hãy chọn tệp.", "The document's PDF file is not there; choose the file."},
	"ErrAttachment":        {"Tệp đính kèm phải là tệp PDF không quá giới hạn cho phép.", "An attachment must be a PDF within the allowed size."},
	"ErrSignImage":         {"Ảnh chữ ký hoặc con dấu phải là tệp PNG có nền trong suốt, từ 50 đến 3000 điểm ảnh mỗi chiều.", "The signature or seal image must be a PNG with a transparent background, 50 to 3000 pixels each way."},
}

// In is the error's sentence in a language ("vi" or "en"): in Vietnamese the message
// written where the error was made, in English the catalogue's sentence with the
// error's Args.
func (e *Error) In(lang string) string {
	t, ok := Catalogue[e.Code]
	if lang == "en" && ok && t.En != "" {
		return fill(t.En, e.Args)
	}
	if e.Message == "" && ok {
		return fill(t.Vi, e.Args)
	}
	return e.Message
}

// fill puts args into a sentence's verbs; a sentence with verbs but not the args reads
// without them rather than with Go's "%!v(MISSING)".
func fill(s string, args []any) string {
	if verbs(s) == 0 {
		return s
	}
	if len(args) != verbs(s) {
		return strings.Join(strings.Fields(verbPattern.ReplaceAllString(s, "")), " ")
	}
	return fmt.Sprintf(s, args...)
}

// MessageIn is Message in a language: the sentence of a qlhoi error (each problem's for
// a record breaking several rules), or ErrDatabase's for anything else.
func MessageIn(err error, lang string) string {
	if err == nil {
		return ""
	}
	var p Problems
	if errors.As(err, &p) {
		msgs := make([]string, len(p))
		for i, e := range p {
			msgs[i] = e.In(lang)
		}
		return strings.Join(msgs, " ")
	}
	var e *Error
	if errors.As(err, &e) {
		return e.In(lang)
	}
	t := Catalogue["ErrDatabase"]
	if lang == "en" {
		return t.En
	}
	return t.Vi
}

// verbPattern is a fmt verb in a sentence ("%v", "%04X"); "%" after a number is not.
var verbPattern = regexp.MustCompile(`%[-+#0]*\d*(\.\d+)?[vdscqxXfc]`)

// verbs counts the fmt verbs of a sentence.
func verbs(s string) int { return len(verbPattern.FindAllString(s, -1)) }

// Verbs counts the fmt verbs of a sentence (for tests of the catalogue).
func Verbs(s string) int { return verbs(s) }
